// Reads the servers of a running PixelFlow (its ready file, .pixelflow/run/ready.env): the comparison service runs
// on the very same Postgres, Redis and S3 server, in its own table, queue prefix and bucket.
import { readFileSync } from 'node:fs';

export function loadConfig() {
  const file = process.env.PIXELFLOW_READY_FILE ?? new URL('../../../.pixelflow/run/ready.env', import.meta.url).pathname;
  const env = Object.fromEntries(readFileSync(file, 'utf8').split('\n').filter(Boolean)
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  const parts = (text) => Object.fromEntries(text.split(';').filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf('=')).trim().toLowerCase(), pair.slice(pair.indexOf('=') + 1).trim()]));

  const pg = parts(env.ConnectionStrings__pixelflowdb);
  // StackExchange.Redis form: "host:port,password=…"
  const [redisHostPort, ...redisOptions] = env.ConnectionStrings__redis.split(',');
  const redisPassword = redisOptions.map((o) => o.split('=')).find(([k]) => k.trim() === 'password')?.[1];
  const s3 = parts(env.ConnectionStrings__storage);
  return {
    postgres: { host: pg.host, port: Number(pg.port), user: pg.username, password: pg.password, database: pg.database },
    redis: { host: redisHostPort.split(':')[0], port: Number(redisHostPort.split(':')[1]), password: redisPassword, maxRetriesPerRequest: null },
    s3: {
      endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true,
      credentials: { accessKeyId: s3.accesskey, secretAccessKey: s3.secretkey },
    },
    bucket: 'nodeflow',
    queue: 'nodeflow-jobs',
  };
}
