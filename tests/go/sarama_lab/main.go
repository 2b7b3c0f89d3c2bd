// sarama_lab: Debian's sarama 1.22 against Kafka Lab (tests/integration/test_go_clients.py builds and runs it).
//
// Usage: sarama_lab BROKERS TOPIC COUNT GROUP
//
// 1. Default settings (sarama speaks Kafka 0.8.2's protocol: Produce v0, Fetch v0, OffsetCommit v1):
//    produce COUNT records, read them back, commit with the offset manager, read the commit back.
// 2. A consumer group (Version 0.10.2: JoinGroup, SyncGroup, Heartbeat, OffsetCommit v2) reads the
//    same records from the start and commits.
//
// Prints "read OFFSET KEY VALUE" per record read, "committed GROUP OFFSET" per commit read back.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/Shopify/sarama"
)

func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "sarama_lab: %s: %v\n", what, err)
	os.Exit(1)
}

func committed(brokers []string, conf *sarama.Config, group, topic string) int64 {
	client, err := sarama.NewClient(brokers, conf)
	if err != nil {
		fail("client", err)
	}
	defer client.Close()
	om, err := sarama.NewOffsetManagerFromClient(group, client)
	if err != nil {
		fail("offset manager", err)
	}
	defer om.Close()
	pom, err := om.ManagePartition(topic, 0)
	if err != nil {
		fail("manage partition", err)
	}
	defer pom.Close()
	offset, _ := pom.NextOffset()
	return offset
}

type handler struct {
	want  int
	seen  int
	once  sync.Once
	done  chan struct{}
	mutex sync.Mutex
}

func (h *handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }
func (h *handler) ConsumeClaim(s sarama.ConsumerGroupSession, c sarama.ConsumerGroupClaim) error {
	for m := range c.Messages() {
		h.mutex.Lock()
		fmt.Printf("group-read %d %s %s\n", m.Offset, m.Key, m.Value)
		s.MarkMessage(m, "")
		h.seen++
		if h.seen >= h.want {
			h.once.Do(func() { close(h.done) })
		}
		h.mutex.Unlock()
	}
	return nil
}

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: sarama_lab BROKERS TOPIC COUNT GROUP")
		os.Exit(2)
	}
	brokers := strings.Split(os.Args[1], ",")
	topic, group := os.Args[2], os.Args[4]
	count, err := strconv.Atoi(os.Args[3])
	if err != nil {
		fail("count", err)
	}

	conf := sarama.NewConfig() // default settings: Version V0_8_2_0
	conf.Producer.Return.Successes = true
	client, err := sarama.NewClient(brokers, conf)
	if err != nil {
		fail("client", err)
	}
	producer, err := sarama.NewSyncProducerFromClient(client)
	if err != nil {
		fail("producer", err)
	}
	for i := 0; i < count; i++ {
		msg := &sarama.ProducerMessage{Topic: topic, Partition: 0,
			Key: sarama.StringEncoder(fmt.Sprintf("key-%d", i)), Value: sarama.StringEncoder(fmt.Sprintf("value-%d", i))}
		if _, _, err := producer.SendMessage(msg); err != nil {
			fail("produce", err)
		}
	}
	consumer, err := sarama.NewConsumerFromClient(client)
	if err != nil {
		fail("consumer", err)
	}
	pc, err := consumer.ConsumePartition(topic, 0, sarama.OffsetOldest)
	if err != nil {
		fail("consume partition", err)
	}
	var last int64 = -1
	for i := 0; i < count; i++ {
		select {
		case m := <-pc.Messages():
			fmt.Printf("read %d %s %s\n", m.Offset, m.Key, m.Value)
			last = m.Offset
		case err := <-pc.Errors():
			fail("consume", err)
		case <-time.After(30 * time.Second):
			fail("consume", fmt.Errorf("timed out after %d records", i))
		}
	}
	pc.Close()
	om, err := sarama.NewOffsetManagerFromClient(group, client)
	if err != nil {
		fail("offset manager", err)
	}
	pom, err := om.ManagePartition(topic, 0)
	if err != nil {
		fail("manage partition", err)
	}
	pom.MarkOffset(last+1, "")
	pom.Close()
	om.Close() // flushes the marked offset (OffsetCommit v1)
	producer.Close()
	client.Close()
	fmt.Printf("committed %s %d\n", group, committed(brokers, conf, group, topic))

	gconf := sarama.NewConfig()
	gconf.Version = sarama.V0_10_2_0
	gconf.Consumer.Offsets.Initial = sarama.OffsetOldest
	gconf.Consumer.Return.Errors = true
	cg, err := sarama.NewConsumerGroup(brokers, group+"-cg", gconf)
	if err != nil {
		fail("consumer group", err)
	}
	h := &handler{want: count, done: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for ctx.Err() == nil {
			if err := cg.Consume(ctx, []string{topic}, h); err != nil && ctx.Err() == nil {
				fmt.Fprintf(os.Stderr, "sarama_lab: group consume: %v\n", err)
				time.Sleep(200 * time.Millisecond)
			}
		}
	}()
	select {
	case <-h.done:
	case <-time.After(60 * time.Second):
		fail("consumer group", fmt.Errorf("timed out"))
	}
	cancel()
	if err := cg.Close(); err != nil { // leaves the group, committing the marked offsets
		fail("close consumer group", err)
	}
	fmt.Printf("committed %s %d\n", group+"-cg", committed(brokers, gconf, group+"-cg", topic))
}
