-- sluice dead-letter area: one row per record that could not be a log event (gzip NDJSON under
-- dead-letter/), with its reason, Kafka coordinates and original bytes (base64 `value`).
-- Same projection as sluice_logs, plus the reason. Fill the placeholders with infra/athena/render.ts.
CREATE EXTERNAL TABLE IF NOT EXISTS sluice_dead_letters (
  detail string,
  stage string,
  kafka struct<topic:string, `partition`:int, `offset`:bigint, `timestamp`:bigint, timestamptype:string>,
  key string,
  headers string,
  value string
)
PARTITIONED BY (
  reason string,
  dt string,
  hour string,
  topic string,
  kafka_partition int
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'case.insensitive' = 'true'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://{{BUCKET}}/dead-letter/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.reason.type' = 'enum',
  'projection.reason.values' = 'oversize,binary,undecodable,mapping_conflict',
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
  'storage.location.template' = 's3://{{BUCKET}}/dead-letter/reason=${reason}/dt=${dt}/hour=${hour}/topic=${topic}/partition=${kafka_partition}/'
);
