// kafkajs admin: alterPartitionReassignments / listPartitionReassignments against the engine.
// usage: node reassign.js <bootstrap> alter <topic> <partition> <replicas comma-separated | null>
//        node reassign.js <bootstrap> list <topic>
// prints one JSON line: the list result ({topics: [...]}) or {altered: true}
const { Kafka, logLevel } = require("kafkajs");

async function main() {
  const [bootstrap, mode, topic, partition, replicas] = process.argv.slice(2);
  const kafka = new Kafka({ clientId: "kafkalab-reassign-test", brokers: bootstrap.split(","), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (mode === "alter") {
      const target = replicas === "null" ? null : replicas.split(",").map(Number);
      await admin.alterPartitionReassignments({
        topics: [{ topic, partitionAssignment: [{ partition: Number(partition), replicas: target }] }],
      });
      console.log(JSON.stringify({ altered: true }));
    } else {
      const result = await admin.listPartitionReassignments({ topics: [{ topic, partitions: [0, 1, 2] }] });
      console.log(JSON.stringify(result));
    }
  } finally {
    await admin.disconnect();
  }
}

main().catch((e) => {
  console.log(JSON.stringify({ error: e.type || e.name, message: e.message }));
  process.exit(1);
});
