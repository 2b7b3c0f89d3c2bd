<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Korean for the strings of transactions (issue 16): the partition log strip and the event log. -->
<TS version="2.1" language="ko_KR">
  <context>
    <name>PartitionLogView</name>
    <message>
      <source>LSO</source>
      <translation>LSO</translation>
    </message>
    <message>
      <source>cleaned | dirty</source>
      <translation>정리됨 | 미정리</translation>
    </message>
    <message>
      <source>C</source>
      <comment>commit marker</comment>
      <translation>C</translation>
    </message>
    <message>
      <source>A</source>
      <comment>abort marker</comment>
      <translation>A</translation>
    </message>
  </context>
  <context>
    <name>EventText</name>
    <message>
      <source>transaction of {0} begun (producer {1}, epoch {2}), {3} partition(s)</source>
      <translation>{0}의 트랜잭션 시작 (프로듀서 {1}, 에포크 {2}), 파티션 {3}개</translation>
    </message>
    <message>
      <source>by the producer</source>
      <translation>프로듀서 요청</translation>
    </message>
    <message>
      <source>after its timeout</source>
      <translation>시간 초과</translation>
    </message>
    <message>
      <source>because a newer producer fenced it</source>
      <translation>새 프로듀서의 펜싱</translation>
    </message>
    <message>
      <source>by the new coordinator</source>
      <translation>새 코디네이터</translation>
    </message>
    <message>
      <source>transaction of {0} committed: markers on {1} partition(s) {2}</source>
      <translation>{0}의 트랜잭션 커밋: 파티션 {1}개에 마커 기록 ({2})</translation>
    </message>
    <message>
      <source>transaction of {0} aborted: markers on {1} partition(s) {2}</source>
      <translation>{0}의 트랜잭션 중단: 파티션 {1}개에 마커 기록 ({2})</translation>
    </message>
    <message>
      <source>a new producer started</source>
      <translation>새 프로듀서 시작</translation>
    </message>
    <message>
      <source>its transaction timed out</source>
      <translation>트랜잭션 시간 초과</translation>
    </message>
    <message>
      <source>{0}: producer {1} epoch {2} fenced by epoch {3} ({4})</source>
      <translation>{0}: 프로듀서 {1}의 에포크 {2}가 에포크 {3}에 의해 펜싱됨 ({4})</translation>
    </message>
    <message>
      <source>became transaction coordinator for __transaction_state-{0}: {1} transactional id(s), {2} transaction(s) to complete, in {3} ms</source>
      <translation>__transaction_state-{0}의 트랜잭션 코디네이터가 됨: 트랜잭션 ID {1}개, 완료할 트랜잭션 {2}개, {3} ms</translation>
    </message>
    <message>
      <source>log cleaner compacted {0} segment(s): {1} → {2} B, {3} record(s) removed, in {4} ms</source>
      <translation>로그 클리너가 세그먼트 {0}개 압축: {1} → {2} B, 레코드 {3}개 제거, {4} ms</translation>
    </message>
  </context>
</TS>
