// The comparison service's API, built the way a small node team would: express + multer (memory) → S3 → a BullMQ
// queue on Redis, job rows in Postgres. POST /jobs (multipart "file") → 202 {id}; GET /jobs/:id → the row.
import { randomUUID } from 'node:crypto';
import express from 'express';
import multer from 'multer';
import pg from 'pg';
import { Queue } from 'bullmq';
import { S3Client, PutObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
import { loadConfig } from './config.js';

const config = loadConfig();
const db = new pg.Pool({ ...config.postgres, max: 10 });
const s3 = new S3Client(config.s3);
const queue = new Queue(config.queue, { connection: config.redis });
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 50 * 1024 * 1024 } });

await db.query(`CREATE TABLE IF NOT EXISTS nodeflow_jobs (
  id uuid PRIMARY KEY, status text NOT NULL, source_key text NOT NULL, outputs jsonb, error text,
  created_at timestamptz NOT NULL DEFAULT now(), started_at timestamptz, completed_at timestamptz)`);
await s3.send(new CreateBucketCommand({ Bucket: config.bucket })).catch(() => { /* exists */ });

const app = express();
app.post('/jobs', upload.single('file'), async (req, res) => {
  if (!req.file) return res.status(400).json({ error: 'file is required' });
  const id = randomUUID();
  const sourceKey = `sources/${id}`;
  await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: sourceKey, Body: req.file.buffer, ContentType: req.file.mimetype }));
  await db.query('INSERT INTO nodeflow_jobs (id, status, source_key) VALUES ($1, $2, $3)', [id, 'queued', sourceKey]);
  await queue.add('process', { id, sourceKey }, { jobId: id, removeOnComplete: true, attempts: 3 });
  res.status(202).json({ id, status: 'queued' });
});
app.get('/jobs/:id', async (req, res) => {
  const { rows } = await db.query('SELECT * FROM nodeflow_jobs WHERE id = $1', [req.params.id]);
  return rows.length ? res.json(rows[0]) : res.status(404).json({ error: 'not found' });
});
app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));

const port = Number(process.env.PORT ?? 58100);
app.listen(port, '127.0.0.1', () => console.log(`nodeflow api on http://127.0.0.1:${port}`));
