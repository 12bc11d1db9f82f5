-- sluice archive: one row per archived log event (gzip NDJSON under archive/).
-- Partitions are projected, never crawled: dt and hour are the UTC hour of the Kafka record time;
-- topic and kafka_partition come from the key. Fill the placeholders with
-- `npx tsx infra/athena/render.ts --bucket B --topics T1,T2 --partitions N` (see docs/archive.md).
CREATE EXTERNAL TABLE IF NOT EXISTS sluice_logs (
  ts string,
  timestampsource string,
  level string,
  message string,
  pathname string,
  lineno int,
  service string,
  kubernetes struct<namespace:string, pod:string, container:string, host:string>,
  kafka struct<topic:string, `partition`:int, `offset`:bigint, `timestamp`:bigint>,
  attrs string,
  originalvalue string
)
PARTITIONED BY (
  dt string,
  hour string,
  topic string,
  kafka_partition int
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'mapping.ts' = '@timestamp',
  'case.insensitive' = 'true'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://{{BUCKET}}/archive/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '{{FIRST_DAY}},NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'projection.hour.type' = 'enum',
  'projection.hour.values' = '00,01,02,03,04,05,06,07,08,09,10,11,12,13,14,15,16,17,18,19,20,21,22,23',
  'projection.topic.type' = 'enum',
  'projection.topic.values' = '{{TOPICS}}',
  'projection.kafka_partition.type' = 'integer',
  'projection.kafka_partition.range' = '0,{{LAST_PARTITION}}',
  'storage.location.template' = 's3://{{BUCKET}}/archive/dt=${dt}/hour=${hour}/topic=${topic}/partition=${kafka_partition}/'
);
