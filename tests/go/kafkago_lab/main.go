// kafkago_lab: Debian's kafka-go 0.2 against Kafka Lab (tests/integration/test_go_clients.py builds and runs it).
//
// Usage: kafkago_lab BROKERS TOPIC COUNT GROUP
//
// Writes COUNT records with a Writer (Produce v2, message format v1), then reads them with a
// consumer-group Reader (Fetch v2, JoinGroup, SyncGroup, synchronous OffsetCommit v2).
// Prints "read OFFSET KEY VALUE" per record read.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	kafka "github.com/segmentio/kafka-go"
)

func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "kafkago_lab: %s: %v\n", what, err)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: kafkago_lab BROKERS TOPIC COUNT GROUP")
		os.Exit(2)
	}
	brokers := strings.Split(os.Args[1], ",")
	topic, group := os.Args[2], os.Args[4]
	count, err := strconv.Atoi(os.Args[3])
	if err != nil {
		fail("count", err)
	}
	w := kafka.NewWriter(kafka.WriterConfig{Brokers: brokers, Topic: topic, BatchTimeout: 10 * time.Millisecond})
	msgs := make([]kafka.Message, count)
	for i := range msgs {
		msgs[i] = kafka.Message{Key: []byte(fmt.Sprintf("key-%d", i)), Value: []byte(fmt.Sprintf("value-%d", i))}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := w.WriteMessages(ctx, msgs...); err != nil {
		fail("write", err)
	}
	if err := w.Close(); err != nil {
		fail("close writer", err)
	}
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, Topic: topic, GroupID: group,
		MinBytes: 1, MaxBytes: 1 << 20, MaxWait: 200 * time.Millisecond})
	for i := 0; i < count; i++ {
		m, err := r.ReadMessage(ctx) // commits each message (CommitInterval 0: synchronous commits)
		if err != nil {
			fail("read", err)
		}
		fmt.Printf("read %d %s %s\n", m.Offset, m.Key, m.Value)
	}
	if err := r.Close(); err != nil {
		fail("close reader", err)
	}
}
