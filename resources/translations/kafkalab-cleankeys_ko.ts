<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Korean for the keys after cleaning (issue 16, compaction): the partition log view's table of the keys the
     log cleaner kept. -->
<TS version="2.1" language="ko_KR">
  <context>
    <name>CleanedKeysModel</name>
    <message>
      <source>Key</source>
      <translation>키</translation>
    </message>
    <message>
      <source>Latest offset</source>
      <translation>최신 오프셋</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>값</translation>
    </message>
    <message>
      <source>tombstone</source>
      <translation>툼스톤</translation>
    </message>
    <message>
      <source>{0:,} bytes</source>
      <translation>{0:,}바이트</translation>
    </message>
    <message>
      <source>A tombstone (null value): the cleaner removes it after delete.retention.ms</source>
      <translation>툼스톤(null 값): 클리너가 delete.retention.ms 이후에 제거합니다</translation>
    </message>
  </context>
  <context>
    <name>CleanedKeysPanel</name>
    <message>
      <source>Cannot read the clean part: {0}</source>
      <translation>정리된 부분을 읽을 수 없음: {0}</translation>
    </message>
    <message>
      <source>Reading the clean part…</source>
      <translation>정리된 부분을 읽는 중…</translation>
    </message>
    <message>
      <source>{0:,} key(s) kept below the cleaner offset {1:,} ({2:,} records read)</source>
      <translation>클리너 오프셋 {1:,} 아래에 남은 키 {0:,}개 (레코드 {2:,}개 읽음)</translation>
    </message>
    <message>
      <source> · {0:,} record(s) without a key</source>
      <translation> · 키 없는 레코드 {0:,}개</translation>
    </message>
    <message>
      <source> · only the first {0:,} records were read</source>
      <translation> · 처음 {0:,}개 레코드만 읽음</translation>
    </message>
    <message>
      <source>Keys after cleaning</source>
      <translation>정리 후 남은 키</translation>
    </message>
    <message>
      <source>The keys the log cleaner kept in the clean part of the log (below the cleaner offset), read through the Kafka protocol</source>
      <translation>로그 클리너가 로그의 정리된 부분(클리너 오프셋 아래)에 남긴 키들 — Kafka 프로토콜로 읽음</translation>
    </message>
  </context>
</TS>
