/**
 * How each local service is started and checked: its binary, arguments, config files, ports and
 * readiness probe. Everything a service writes lives under its own folder in the state folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BinaryName } from './binaries';
import type { ServicePorts } from './ports';
import { probePrometheus, probeS3, probeTemporal } from './probes';
import type { LaunchState } from './state';

export type ServiceName = 'temporal' | 's3' | 'prometheus';

export interface ServiceDef {
  name: ServiceName;
  binary: BinaryName;
  /** every port the process binds, checked before it starts */
  portKeys: (keyof ServicePorts)[];
  address(state: LaunchState): string;
  /** writes config files and folders; returns the command-line arguments */
  prepare(state: LaunchState): string[];
  probe(state: LaunchState, timeoutMs?: number): Promise<void>;
  /** SIGTERM → SIGKILL grace; weed's filer lingers on open streams, its data is already on disk @default 10000 */
  stopGraceMs?: number;
}

const PROMETHEUS_TEMPLATE = path.join(__dirname, '..', 'prometheus', 'prometheus.yml.tmpl');

const temporal: ServiceDef = {
  name: 'temporal',
  binary: 'temporal',
  portKeys: ['temporal', 'temporalHttp', 'temporalMetrics', 'temporalUi'],
  address: (s) => `${s.host}:${s.ports.temporal}`,
  prepare(s) {
    const dir = path.join(s.stateDir, 'temporal');
    fs.mkdirSync(dir, { recursive: true });
    const p = s.ports;
    const ui = p.temporalUi === 0 ? ['--headless'] : ['--ui-port', String(p.temporalUi)];
    return [
      'server',
      'start-dev',
      '--ip',
      s.host,
      '--port',
      String(p.temporal),
      '--http-port',
      String(p.temporalHttp),
      '--metrics-port',
      String(p.temporalMetrics),
      '--db-filename',
      path.join(dir, 'temporal.db'),
      '--log-level',
      'warn',
      ...ui,
    ];
  },
  probe: (s, timeoutMs) => probeTemporal(`${s.host}:${s.ports.temporal}`, 'default', timeoutMs),
};

const s3: ServiceDef = {
  name: 's3',
  binary: 'weed',
  stopGraceMs: 4_000,
  portKeys: [
    's3',
    's3Grpc',
    'weedMaster',
    'weedMasterGrpc',
    'weedVolume',
    'weedVolumeGrpc',
    'weedFiler',
    'weedFilerGrpc',
    'weedMetrics',
  ],
  address: (s) => `http://${s.host}:${s.ports.s3}`,
  prepare(s) {
    const dir = path.join(s.stateDir, 'seaweedfs');
    fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
    const identities = {
      identities: [
        {
          name: 'gnnc',
          credentials: [{ accessKey: s.s3.accessKeyId, secretKey: s.s3.secretAccessKey }],
          actions: ['Admin', 'Read', 'List', 'Tagging', 'Write'],
        },
      ],
    };
    const configFile = path.join(dir, 's3-identities.json');
    fs.writeFileSync(configFile, JSON.stringify(identities, null, 2), { mode: 0o600 });
    const p = s.ports;
    return [
      'server',
      `-ip=${s.host}`,
      `-ip.bind=${s.host}`,
      `-dir=${path.join(dir, 'data')}`,
      `-master.port=${p.weedMaster}`,
      `-master.port.grpc=${p.weedMasterGrpc}`,
      '-master.volumeSizeLimitMB=128',
      '-master.electionTimeout=1s',
      '-master.telemetry=false',
      `-volume.port=${p.weedVolume}`,
      `-volume.port.grpc=${p.weedVolumeGrpc}`,
      '-volume.max=32',
      '-volume.preStopSeconds=1',
      '-filer',
      `-filer.port=${p.weedFiler}`,
      `-filer.port.grpc=${p.weedFilerGrpc}`,
      '-s3',
      `-s3.port=${p.s3}`,
      `-s3.port.grpc=${p.s3Grpc}`,
      `-s3.config=${configFile}`,
      '-s3.port.iceberg=0',
      '-s3.port.lance=0',
      `-metricsPort=${p.weedMetrics}`,
    ];
  },
  probe: (s, timeoutMs) => probeS3({ endpoint: `http://${s.host}:${s.ports.s3}`, ...s.s3 }, timeoutMs),
};

const prometheus: ServiceDef = {
  name: 'prometheus',
  binary: 'prometheus',
  portKeys: ['prometheus'],
  address: (s) => `http://${s.host}:${s.ports.prometheus}`,
  prepare(s) {
    const dir = path.join(s.stateDir, 'prometheus');
    const targets = path.join(dir, 'targets');
    fs.mkdirSync(targets, { recursive: true });
    fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
    const config = renderTemplate(fs.readFileSync(PROMETHEUS_TEMPLATE, 'utf8'), {
      SCRAPE_INTERVAL: s.scrapeInterval,
      PROMETHEUS_ADDRESS: `${s.host}:${s.ports.prometheus}`,
      TARGETS_DIR: targets,
    });
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
    writeServiceTargets(s, targets);
    return [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=${s.host}:${s.ports.prometheus}`,
      '--web.enable-lifecycle',
      '--log.level=warn',
    ];
  },
  probe: (s, timeoutMs) => probePrometheus(`http://${s.host}:${s.ports.prometheus}`, timeoutMs),
};

/** The services' own metrics go in as file_sd targets too, the same way workers add themselves. */
function writeServiceTargets(s: LaunchState, targetsDir: string): void {
  const own = [
    { targets: [`${s.host}:${s.ports.temporalMetrics}`], labels: { service: 'temporal' } },
    { targets: [`${s.host}:${s.ports.weedMetrics}`], labels: { service: 'seaweedfs' } },
  ];
  fs.writeFileSync(path.join(targetsDir, 'services.json'), JSON.stringify(own, null, 2) + '\n');
}

/** Replaces `${NAME}`; a placeholder without a value is a bug in the caller, so it throws. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{([A-Z_]+)\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder \${${name}} has no value`);
    return value;
  });
}

/** Start order; stopped in reverse. */
export const SERVICES: ServiceDef[] = [temporal, s3, prometheus];
