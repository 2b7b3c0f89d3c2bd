// kafkajs with @kafkajs/confluent-schema-registry against a Schema Registry, unchanged client code, driven by
// tests/integration/test_kafkajs_registry.py.
// usage: node registry_avro.js produce BOOTSTRAP REGISTRY_URL TOPIC SCHEMA_JSON VALUE_JSON
//          registers SCHEMA_JSON (Avro) under TOPIC-value, encodes VALUE_JSON with it, produces it (key "js")
//          stdout: {"id": <schema id>, "partition": p, "offset": o}
//        node registry_avro.js consume BOOTSTRAP REGISTRY_URL TOPIC COUNT
//          reads COUNT records of TOPIC from the beginning and decodes each value through the registry
//          stdout: one JSON line per record: {"offset": o, "value": <decoded>}
// stderr: kafkajs's own log, one JSON object per line.
'use strict'
const { Kafka, logLevel } = require('kafkajs')
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry')

const [mode, bootstrap, registryUrl, topic, ...rest] = process.argv.slice(2)

const logCreator = () => ({ namespace, label, log }) => {
  const { message, ...extra } = log
  process.stderr.write(JSON.stringify({ level: label, namespace, message, ...extra }) + '\n')
}

const kafka = new Kafka({
  clientId: 'kafkalab-kafkajs-registry',
  brokers: bootstrap.split(','),
  logLevel: logLevel.WARN,
  logCreator,
  connectionTimeout: 1000,
  retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 30 },
})
const registry = new SchemaRegistry({ host: registryUrl })

async function produce (schemaJson, valueJson) {
  const { id } = await registry.register(
    { type: SchemaType.AVRO, schema: schemaJson }, { subject: `${topic}-value` })
  const value = await registry.encode(id, JSON.parse(valueJson))
  const producer = kafka.producer({ allowAutoTopicCreation: true })
  await producer.connect()
  const [meta] = await producer.send({ topic, acks: -1, messages: [{ key: 'js', value }] })
  await producer.disconnect()
  process.stdout.write(JSON.stringify({ id, partition: meta.partition, offset: Number(meta.baseOffset) }) + '\n')
}

async function consume (count) {
  const consumer = kafka.consumer({ groupId: `kafkalab-js-registry-${process.pid}`, maxWaitTimeInMs: 100 })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  let seen = 0
  await new Promise((resolve, reject) => {
    consumer.run({
      eachMessage: async ({ message }) => {
        const value = await registry.decode(message.value)
        process.stdout.write(JSON.stringify({ offset: Number(message.offset), value }) + '\n')
        seen += 1
        if (seen >= count) resolve()
      },
    }).catch(reject)
  })
  await consumer.disconnect()
}

const run = mode === 'produce' ? produce(rest[0], rest[1]) : consume(Number(rest[0]))
run.then(() => process.exit(0), (err) => {
  process.stderr.write(JSON.stringify({ level: 'FATAL', message: String(err && err.stack ? err.stack : err) }) + '\n')
  process.exit(1)
})
