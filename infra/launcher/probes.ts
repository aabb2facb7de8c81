/**
 * Readiness checks that prove a service does its job, not merely that its port is open: Temporal
 * answers a namespace describe, S3 stores and returns an object, Prometheus reports `/-/ready`.
 * Client libraries load lazily so importing the launcher stays cheap.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** package.json pins Node 20 (>=20.19); the SDK's notice about Node 22 would otherwise print on every command. */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface S3Access {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** Throws unless the Temporal frontend at `address` describes `namespace`. */
export async function probeTemporal(address: string, namespace: string, timeoutMs = 3_000): Promise<void> {
  const { Connection } = await import('@temporalio/client');
  const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
  try {
    await connection.withDeadline(Date.now() + timeoutMs, () =>
      connection.workflowService.describeNamespace({ namespace }),
    );
  } finally {
    await connection.close();
  }
}

/** Creates the bucket when missing, then writes and reads back a probe object. */
export async function probeS3(access: S3Access, timeoutMs = 5_000): Promise<void> {
  const s3 = await import('@aws-sdk/client-s3');
  const client = new s3.S3Client({
    endpoint: access.endpoint,
    region: access.region,
    credentials: { accessKeyId: access.accessKeyId, secretAccessKey: access.secretAccessKey },
    forcePathStyle: true,
    maxAttempts: 1,
  });
  const abortSignal = AbortSignal.timeout(timeoutMs);
  try {
    try {
      await client.send(new s3.HeadBucketCommand({ Bucket: access.bucket }), { abortSignal });
    } catch (err) {
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw err;
      await client.send(new s3.CreateBucketCommand({ Bucket: access.bucket }), { abortSignal });
    }
    const key = '.gnnc/ready-probe';
    const body = `ready ${Date.now()}`;
    await client.send(new s3.PutObjectCommand({ Bucket: access.bucket, Key: key, Body: body }), { abortSignal });
    const out = await client.send(new s3.GetObjectCommand({ Bucket: access.bucket, Key: key }), { abortSignal });
    const back = await out.Body?.transformToString();
    if (back !== body) throw new Error(`S3 returned '${back}' for the probe object`);
  } finally {
    client.destroy();
  }
}

/** Throws unless Prometheus answers 200 on `/-/ready`. */
export async function probePrometheus(url: string, timeoutMs = 3_000): Promise<void> {
  const res = await fetch(new URL('/-/ready', url), { signal: AbortSignal.timeout(timeoutMs) });
  if (res.status !== 200) throw new Error(`/-/ready answered ${res.status}`);
}

/**
 * Repeats `probe` until it passes. Stops early when `alive()` turns false (the process died).
 * @returns null when ready, else the last failure's message
 */
export async function waitReady(
  probe: () => Promise<void>,
  alive: () => boolean,
  timeoutMs: number,
): Promise<{ ready: true } | { ready: false; reason: string }> {
  const deadline = Date.now() + timeoutMs;
  let reason = 'timed out';
  for (;;) {
    if (!alive()) return { ready: false, reason: 'process exited' };
    try {
      await probe();
      return { ready: true };
    } catch (err) {
      reason = (err as Error).message.split('\n')[0];
    }
    if (Date.now() >= deadline)
      return { ready: false, reason: `not ready after ${Math.round(timeoutMs / 1000)} s: ${reason}` };
    await sleep(500);
  }
}
