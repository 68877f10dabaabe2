// The comparison service's worker: a BullMQ worker with one job per core; each job downloads the source, renders the
// two outputs PixelFlow's benchmark jobs ask for with sharp, uploads them and marks the row succeeded.
import os from 'node:os';
import pg from 'pg';
import sharp from 'sharp';
import { Worker } from 'bullmq';
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { loadConfig } from './config.js';

const config = loadConfig();
const db = new pg.Pool({ ...config.postgres, max: 10 });
const s3 = new S3Client(config.s3);

const outputs = [
  { id: 'thumb', render: (img) => img.resize({ width: 300 }).webp({ quality: 80 }), ext: 'webp', type: 'image/webp' },
  { id: 'large', render: (img) => img.resize({ width: 1600 }).jpeg({ quality: 85 }), ext: 'jpg', type: 'image/jpeg' },
];

const worker = new Worker(config.queue, async ({ data: { id, sourceKey } }) => {
  await db.query("UPDATE nodeflow_jobs SET status = 'processing', started_at = now() WHERE id = $1", [id]);
  const source = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: config.bucket, Key: sourceKey }))).Body.transformToByteArray());
  const results = [];
  for (const output of outputs) {
    const data = await output.render(sharp(source).rotate()).toBuffer();
    const key = `outputs/${id}/${output.id}.${output.ext}`;
    await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: data, ContentType: output.type }));
    results.push({ id: output.id, key, bytes: data.length });
  }
  await db.query("UPDATE nodeflow_jobs SET status = 'succeeded', outputs = $2, completed_at = now() WHERE id = $1", [id, JSON.stringify(results)]);
}, { connection: config.redis, concurrency: Number(process.env.CONCURRENCY ?? os.cpus().length) });
worker.on('failed', async (job, error) => {
  if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
    await db.query("UPDATE nodeflow_jobs SET status = 'failed', error = $2, completed_at = now() WHERE id = $1", [job.data.id, String(error)]);
  }
});
console.log(`nodeflow worker, concurrency ${worker.opts.concurrency}`);
