/**
 * zlib level for archive and dead-letter objects: 6, chosen by measurement on the bench batch (10,000
 * records, 3.6 MB of NDJSON; `npm run bench -- --gzip-levels`): level 1 gives 218.5 KB in about 5 ms,
 * 6 gives 172.6 KB (-21 %) in 12-18 ms, 9 gives 148.5 KB (-32 %) in 47-77 ms. On the real log corpus
 * (2,881 lines, 1.1 MB) 1 / 6 / 9 give 99.0 / 81.1 / 75.5 KB in 1.9 / 4.6 / 9.8 ms. Level 6 keeps the
 * whole archive stage faster than normalization while storage and Athena scans (billed per byte) pay
 * for the bytes for as long as the archive is kept; past 6 each percent costs several times the CPU.
 * Figures and reasoning in docs/archive.md.
 */
export const defaultGzipLevel = 6;
