import { encodeUriText } from '../../shared/alerts/links';

/**
 * The CloudWatch console page of an alarm, in the alarm's own partition and region: commercial
 * (`{region}.console.aws.amazon.com`), China (`{region}.console.amazonaws.cn`) or GovCloud
 * (`console.amazonaws-us-gov.com`). The partition comes from the alarm ARN.
 *
 * @example
 * alarmConsoleUrl('sluice-prod-detect-errors', 'eu-west-1');
 * // 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/sluice-prod-detect-errors'
 */
export function alarmConsoleUrl(alarmName: string, alarmRegion: string, alarmArn?: string): string {
  const region = alarmRegion.toWellFormed();
  const partition = alarmArn?.split(':')[1] ?? (region.startsWith('cn-') ? 'aws-cn' : 'aws');
  const host =
    partition === 'aws-cn'
      ? `${region}.console.amazonaws.cn`
      : partition === 'aws-us-gov'
        ? 'console.amazonaws-us-gov.com'
        : `${region}.console.aws.amazon.com`;
  const r = encodeUriText(region);
  return `https://${host}/cloudwatch/home?region=${r}#alarmsV2:alarm/${encodeUriText(alarmName)}`;
}
