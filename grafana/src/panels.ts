/**
 * Small typed builders for Grafana panels, checked against @grafana/schema at compile time, so a
 * dashboard that would not load in Grafana does not type-check here.
 */
import type { DataSourceRef, GridPos, Panel } from '@grafana/schema';

/** The provisioned Prometheus data source (grafana/provisioning/datasources). */
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: 'gnnc-prometheus' };

export interface Query {
  expr: string;
  legend?: string;
  /** instant query (tables, bar gauges) rather than a range */
  instant?: boolean;
}

let nextId = 1;

function target(q: Query, i: number) {
  return {
    refId: String.fromCharCode(65 + i),
    datasource: PROMETHEUS,
    expr: q.expr,
    legendFormat: q.legend ?? '__auto',
    instant: q.instant ?? false,
    range: !(q.instant ?? false),
  };
}

function base(type: string, title: string, description: string, pos: GridPos, queries: Query[]): Panel {
  return {
    id: nextId++,
    type,
    title,
    description,
    gridPos: pos,
    datasource: PROMETHEUS,
    targets: queries.map(target),
  };
}

export function timeseries(title: string, description: string, pos: GridPos, queries: Query[], unit = 'short'): Panel {
  return {
    ...base('timeseries', title, description, pos, queries),
    fieldConfig: { defaults: { unit }, overrides: [] },
  };
}

export function stat(title: string, description: string, pos: GridPos, queries: Query[], unit = 'short'): Panel {
  return {
    ...base('stat', title, description, pos, queries),
    fieldConfig: { defaults: { unit }, overrides: [] },
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value' },
  };
}

export function barGauge(title: string, description: string, pos: GridPos, queries: Query[], unit = 'short'): Panel {
  return {
    ...base(
      'bargauge',
      title,
      description,
      pos,
      queries.map((q) => ({ ...q, instant: true })),
    ),
    fieldConfig: { defaults: { unit }, overrides: [] },
    options: {
      orientation: 'horizontal',
      displayMode: 'gradient',
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    },
  };
}

export function table(title: string, description: string, pos: GridPos, queries: Query[]): Panel {
  return {
    ...base(
      'table',
      title,
      description,
      pos,
      queries.map((q) => ({ ...q, instant: true })),
    ),
    transformations: [{ id: 'labelsToFields', options: {} }],
  };
}

/** Every PromQL expression of a dashboard, for the test that runs them against a real Prometheus. */
export function queriesOf(panels: Panel[]): { panel: string; expr: string }[] {
  return panels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ panel: p.title ?? '', expr: String((t as { expr?: string }).expr ?? '') })),
  );
}
