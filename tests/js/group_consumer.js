// A kafkajs consumer-group member, unchanged client code, driven by tests/integration.
// usage: node group_consumer.js BOOTSTRAP TOPIC GROUP
// stdout: one line per record value; stderr: kafkajs's own log, one JSON object per line.
'use strict'
const { Kafka, logLevel } = require('kafkajs')

const [bootstrap, topic, groupId] = process.argv.slice(2)

const logCreator = () => ({ namespace, label, log }) => {
  const { message, ...extra } = log
  process.stderr.write(JSON.stringify({ level: label, namespace, message, ...extra }) + '\n')
}

const kafka = new Kafka({
  clientId: 'kafkalab-kafkajs',
  brokers: bootstrap.split(','),
  logLevel: logLevel.INFO,
  logCreator,
  connectionTimeout: 1000,
  retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 30 },
})

const consumer = kafka.consumer({
  groupId,
  sessionTimeout: 6000,
  heartbeatInterval: 200,
  metadataMaxAge: 1000,
  maxWaitTimeInMs: 100,
  retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 30 },
})

async function main () {
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const lines = batch.messages.map((m) => (m.value === null ? '' : m.value.toString()) + '\n')
      process.stdout.write(lines.join(''))
    },
  })
}

let stopping = false
async function stop () {
  if (stopping) return
  stopping = true
  try {
    await consumer.disconnect()
  } finally {
    process.exit(0)
  }
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
consumer.on(consumer.events.CRASH, ({ payload }) => {
  process.stderr.write(JSON.stringify({ level: 'CRASH', message: String(payload.error) }) + '\n')
})

main().catch((e) => {
  process.stderr.write(JSON.stringify({ level: 'FATAL', message: String(e && e.stack ? e.stack : e) }) + '\n')
  process.exit(1)
})
