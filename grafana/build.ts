/**
 * Writes the typed dashboards of grafana/src to grafana/dashboards/*.json for Grafana's file provisioning.
 * Run: npm run grafana:build
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allDashboards } from './src/dashboards';

export function dashboardJson(uid: string): string {
  return JSON.stringify(allDashboards[uid], null, 2) + '\n';
}

if (require.main === module) {
  for (const uid of Object.keys(allDashboards)) {
    const file = join(__dirname, 'dashboards', `${uid}.json`);
    writeFileSync(file, dashboardJson(uid));
    process.stdout.write(`wrote ${file}\n`);
  }
}
