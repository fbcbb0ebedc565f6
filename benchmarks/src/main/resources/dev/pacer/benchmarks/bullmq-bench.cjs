// The BullMQ baseline of bin/bench, run by BullMqBaseline from the folder where BullMQ is installed.
//
//   node bullmq-bench.cjs add     PORT QUEUE JOBS BATCH        adds JOBS jobs with addBulk, BATCH at a time
//   node bullmq-bench.cjs process PORT QUEUE JOBS CONCURRENCY  processes them with an empty processor
//
// Each mode prints one JSON line with its count and seconds. The port is always given, so the
// script only ever talks to the benchmark's own redis-server on 127.0.0.1.
'use strict';

const { Queue, Worker } = require('bullmq');

const [mode, portText, queueName, jobsText, sizeText] = process.argv.slice(2);
const port = Number(portText);
const jobs = Number(jobsText);
const size = Number(sizeText);
if (!['add', 'process'].includes(mode) || !(port > 0) || !queueName || !(jobs > 0) || !(size > 0)) {
  console.error('usage: node bullmq-bench.cjs add|process PORT QUEUE JOBS BATCH|CONCURRENCY');
  process.exit(2);
}
const connection = { host: '127.0.0.1', port, maxRetriesPerRequest: null };

function seconds(since) {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

// The same fields and text length as the Pacer messages of the run.
function jobData(i) {
  const user = Math.floor(i / 10);
  const index = i % 10;
  return {
    botId: 'default',
    userId: 'u' + user,
    chatId: 'chat' + user,
    text: `message ${index} of user ${user}: could you tell me more about that, please?`,
  };
}

async function add() {
  const queue = new Queue(queueName, { connection });
  await queue.waitUntilReady();
  const started = process.hrtime.bigint();
  for (let from = 0; from < jobs; from += size) {
    const chunk = [];
    for (let i = from; i < Math.min(jobs, from + size); i++) {
      chunk.push({ name: 'reply', data: jobData(i), opts: { removeOnComplete: true } });
    }
    await queue.addBulk(chunk);
  }
  const elapsed = seconds(started);
  await queue.close();
  return { mode, jobs, seconds: elapsed };
}

async function processJobs() {
  let done = 0;
  let failed = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const worker = new Worker(queueName, async () => {}, { connection, concurrency: size, autorun: false });
  worker.on('completed', () => {
    done += 1;
    if (done + failed === jobs) finish();
  });
  worker.on('failed', () => {
    failed += 1;
    if (done + failed === jobs) finish();
  });
  await worker.waitUntilReady();
  const started = process.hrtime.bigint();
  worker.run();
  await finished;
  const elapsed = seconds(started);
  await worker.close();
  return { mode, jobs: done, failed, seconds: elapsed };
}

(mode === 'add' ? add() : processJobs())
  .then((result) => {
    console.log(JSON.stringify(result));
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
