<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Korean for the polish branch: schemas in the record flow, deleting subjects, lag with transactions, the welcome panel's lesson. -->
<TS version="2.1" language="ko_KR">
  <context>
    <name>RecordFlowContents</name>
    <message>
      <source>schema id {0}: {1}</source>
      <translation>스키마 id {0}: {1}</translation>
    </message>
    <message>
      <source>key {0}</source>
      <translation>키 {0}</translation>
    </message>
    <message>
      <source>null key</source>
      <translation>null 키</translation>
    </message>
    <message>
      <source>value: {0}</source>
      <translation>값: {0}</translation>
    </message>
    <message>
      <source>value: {0}   ({1})</source>
      <translation>값: {0}   ({1})</translation>
    </message>
  </context>
  <context>
    <name>SchemaDeleteDialog</name>
    <message>
      <source>version {0} of {1}</source>
      <translation>{1}의 버전 {0}</translation>
    </message>
    <message>
      <source>every version of {0}</source>
      <translation>{0}의 모든 버전</translation>
    </message>
    <message>
      <source>Hard delete: {0} is removed from the registry's _schemas topic for good (soft-deleted first, as the registry requires). Records written with its schema id may no longer be decoded.</source>
      <translation>영구 삭제: {0}을(를) 레지스트리의 _schemas 토픽에서 완전히 지웁니다(레지스트리 규칙대로 먼저 소프트 삭제합니다). 이 스키마 id로 쓰인 레코드는 더 이상 디코딩되지 않을 수 있습니다.</translation>
    </message>
    <message>
      <source>Soft delete: {0} is hidden from the subject's versions, but its schema id still reads, so records written with it still decode. It can be hard-deleted later (Show deleted).</source>
      <translation>소프트 삭제: {0}은(는) 서브젝트의 버전 목록에서 숨겨지지만 스키마 id는 계속 읽히므로, 그것으로 쓰인 레코드도 계속 디코딩됩니다. 나중에 영구 삭제할 수 있습니다(삭제된 항목 보기).</translation>
    </message>
    <message>
      <source>Delete permanently</source>
      <translation>영구 삭제</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>삭제</translation>
    </message>
    <message>
      <source>Delete from {0}</source>
      <translation>{0}에서 삭제</translation>
    </message>
    <message>
      <source>Delete from the subject {0}?</source>
      <translation>서브젝트 {0}에서 삭제할까요?</translation>
    </message>
    <message>
      <source>Version {0} only</source>
      <translation>버전 {0}만</translation>
    </message>
    <message>
      <source>A version (none is shown)</source>
      <translation>버전 하나(표시된 버전 없음)</translation>
    </message>
    <message>
      <source>The whole subject {0} (every version)</source>
      <translation>서브젝트 {0} 전체(모든 버전)</translation>
    </message>
    <message>
      <source>Permanently (hard delete)</source>
      <translation>영구적으로(하드 삭제)</translation>
    </message>
  </context>
  <context>
    <name>SchemasView</name>
    <message>
      <source>(deleted)</source>
      <translation>(삭제됨)</translation>
    </message>
    <message>
      <source>{0} v{1}</source>
      <translation>{0} v{1}</translation>
    </message>
    <message>
      <source>{0}: deleted permanently</source>
      <translation>{0}: 영구 삭제됨</translation>
    </message>
    <message>
      <source>{0}: soft-deleted</source>
      <translation>{0}: 소프트 삭제됨</translation>
    </message>
    <message>
      <source>Show deleted</source>
      <translation>삭제된 항목 보기</translation>
    </message>
    <message>
      <source>Soft-deleted subjects and versions too (?deleted=true)</source>
      <translation>소프트 삭제된 서브젝트와 버전도 표시(?deleted=true)</translation>
    </message>
    <message>
      <source>Delete…</source>
      <translation>삭제…</translation>
    </message>
    <message>
      <source>Delete this version or the whole subject (soft or hard)</source>
      <translation>이 버전 또는 서브젝트 전체를 삭제(소프트 또는 하드)</translation>
    </message>
  </context>
  <context>
    <name>GroupOffsetsModel</name>
    <message>
      <source>{0} (+{1} in open transactions)</source>
      <translation>{0} (+열린 트랜잭션에 {1})</translation>
    </message>
    <message>
      <source>Last stable offset {0}: {1} records above it are in open transactions, not counted in the lag until their transaction commits (or aborts).</source>
      <translation>마지막 안정 오프셋(LSO) {0}: 그 위의 레코드 {1}개는 열린 트랜잭션에 있어, 트랜잭션이 커밋(또는 중단)될 때까지 랙에 세지 않습니다.</translation>
    </message>
    <message>
      <source>Records still to consume: the last stable offset − committed. Records of open transactions are not counted (read_committed consumers cannot read them yet).</source>
      <translation>아직 소비할 레코드: 마지막 안정 오프셋 − 커밋된 오프셋. 열린 트랜잭션의 레코드는 세지 않습니다(read_committed 컨슈머는 아직 읽을 수 없습니다).</translation>
    </message>
  </context>
</TS>
