/**
 * The bundled rules (docs/rules.md), used when neither `SLUICE_RULES` nor `--rules` names a file.
 * Kept as YAML text so that `sluice rules defaults` prints a file a user can copy and edit, and so the
 * defaults go through the same loader and checks as any user file.
 */
export const DEFAULT_RULES_YAML = `# sluice rules (see docs/rules.md). A rule counts the log events that match \`where\`, per
# \`groupBy\` value, in windows of \`window\`, and alerts when a window's count goes above \`threshold\`.
rules:
  - name: error-burst            # more than 25 errors within 10 s for one pathname
    where: { level: [error, fatal] }
    groupBy: pathname
    window: 10s
    threshold: 25                 # fires when count > threshold
    realert: 5m                   # after firing for a group, stay quiet for it this long
  - name: exception-seen          # any log that mentions an exception
    where: { message: { contains: exception } }   # case-insensitive
    groupBy: kubernetes.container
    window: 1m
    threshold: 0
    realert: 10m
`;

/** How a rule set loaded from {@link DEFAULT_RULES_YAML} names its source. */
export const DEFAULT_RULES_SOURCE = 'bundled defaults';
