<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
  <context>
    <name>ClientsTableModel</name>
    <message>
      <source>Produces to</source>
      <translation>프로듀스 대상</translation>
    </message>
    <message>
      <source>Fetches from</source>
      <translation>페치 대상</translation>
    </message>
    <message>
      <source>Group (member)</source>
      <translation>그룹 (멤버)</translation>
    </message>
    <message>
      <source>Producer</source>
      <translation>프로듀서</translation>
    </message>
    <message>
      <source>group {0}, member {1}</source>
      <translation>그룹 {0}, 멤버 {1}</translation>
    </message>
    <message>
      <source>transactional ({0})</source>
      <translation>트랜잭션 ({0})</translation>
    </message>
    <message>
      <source>idempotent</source>
      <translation>멱등</translation>
    </message>
  </context>
  <context>
    <name>ClientsView</name>
    <message>
      <source>Show all clients</source>
      <translation>모든 클라이언트 보기</translation>
    </message>
    <message>
      <source>Clients of broker {0}</source>
      <translation>브로커 {0}의 클라이언트</translation>
    </message>
    <message>
      <source>Clients producing to or fetching from {0}-{1} on its leader, broker {2}</source>
      <translation>리더인 브로커 {2}에서 {0}-{1}에 프로듀스하거나 페치하는 클라이언트</translation>
    </message>
  </context>
</TS>
