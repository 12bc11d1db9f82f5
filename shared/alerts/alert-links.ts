import { Area, hourPartition } from '../archive/keys';
import type { Alert, AlertLinks } from './types';

/** Where an alert's links point: the archive bucket, its region, and Dashboards when there is one. */
export interface LinkTargets {
  readonly bucket: string;
  readonly region: string;
  readonly dashboardsUrl: string | undefined;
}

/**
 * Links of an alert: Discover when Dashboards is configured, and the archive prefix of the window's
 * hour (the archive is partitioned by the Kafka record hour, which the clock-skew rule keeps close).
 *
 * @example
 * const links = alertLinks({ bucket: 'sluice-logs', region: 'eu-west-1', dashboardsUrl: undefined });
 * links(alert).archiveUri; // 's3://sluice-logs/archive/dt=2026-11-22/hour=12/'
 */
export function alertLinks(targets: LinkTargets): (alert: Alert) => AlertLinks {
  return (alert) => {
    const { dt, hour } = hourPartition(Date.parse(alert.windowStart));
    const links: AlertLinks = {
      archiveUri: `s3://${targets.bucket}/${Area.archive}dt=${dt}/hour=${hour}/`,
      region: targets.region,
    };
    if (targets.dashboardsUrl !== undefined) links.dashboardsUrl = targets.dashboardsUrl;
    return links;
  };
}
