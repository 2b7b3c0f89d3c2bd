<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
  <context>
    <name>DecodedFormat</name>
    <message>
      <source>Schema id {0}: {1}</source>
      <translation>스키마 ID {0}: {1}</translation>
    </message>
    <message>
      <source>Decoded with {0}</source>
      <translation>{0}(으)로 디코딩함</translation>
    </message>
    <message>
      <source>key schema: {0}</source>
      <translation>키 스키마: {0}</translation>
    </message>
    <message>
      <source>value schema: {0}</source>
      <translation>값 스키마: {0}</translation>
    </message>
    <message>
      <source>message type: {0}</source>
      <translation>메시지 타입: {0}</translation>
    </message>
    <message>
      <source>cannot decode: {0}</source>
      <translation>디코딩할 수 없음: {0}</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Schemas</source>
      <translation>스키마</translation>
    </message>
  </context>
  <context>
    <name>ProduceDialog</name>
    <message>
      <source>Fix the value first: {0}</source>
      <translation>먼저 값을 고치세요: {0}</translation>
    </message>
    <message>
      <source>Schema Registry subject (encoded)</source>
      <translation>스키마 레지스트리 서브젝트 (인코딩)</translation>
    </message>
  </context>
  <context>
    <name>RegistryLabel</name>
    <message>
      <source>Schema Registry: {0}</source>
      <translation>스키마 레지스트리: {0}</translation>
    </message>
    <message>
      <source>Confluent-compatible Schema Registry of this cluster. Click to copy its URL</source>
      <translation>이 클러스터의 Confluent 호환 스키마 레지스트리입니다. 클릭하면 URL을 복사합니다</translation>
    </message>
    <message>
      <source>Schema Registry: failed</source>
      <translation>스키마 레지스트리: 실패</translation>
    </message>
    <message>
      <source>Schema Registry: stopped</source>
      <translation>스키마 레지스트리: 중지됨</translation>
    </message>
    <message>
      <source>Schema Registry: starting…</source>
      <translation>스키마 레지스트리: 시작 중…</translation>
    </message>
  </context>
  <context>
    <name>SchemaValue</name>
    <message>
      <source>No Schema Registry is running.</source>
      <translation>실행 중인 스키마 레지스트리가 없습니다.</translation>
    </message>
    <message>
      <source>Choose a subject.</source>
      <translation>서브젝트를 고르세요.</translation>
    </message>
    <message>
      <source>Reading {0}…</source>
      <translation>{0} 읽는 중…</translation>
    </message>
    <message>
      <source>✘ Not valid for {0} v{1}: {2}</source>
      <translation>✘ {0} v{1}에 맞지 않음: {2}</translation>
    </message>
    <message>
      <source>✔ Valid for {0} v{1} ({2}, schema id {3})</source>
      <translation>✔ {0} v{1}에 맞음 ({2}, 스키마 ID {3})</translation>
    </message>
    <message>
      <source>Subject</source>
      <translation>서브젝트</translation>
    </message>
    <message>
      <source>The Schema Registry subject whose latest schema encodes the value</source>
      <translation>값을 인코딩할 최신 스키마의 스키마 레지스트리 서브젝트</translation>
    </message>
  </context>
  <context>
    <name>SchemasView</name>
    <message>
      <source>No Schema Registry: the engine runs none, and no URL is set.</source>
      <translation>스키마 레지스트리 없음: 엔진이 실행하지 않고 있고, 설정된 URL도 없습니다.</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>(없음)</translation>
    </message>
    <message>
      <source>(global)</source>
      <translation>(전역)</translation>
    </message>
    <message>
      <source>v{0} · id {1}</source>
      <translation>v{0} · ID {1}</translation>
    </message>
    <message>
      <source>v{0}</source>
      <translation>v{0}</translation>
    </message>
    <message>
      <source>{0} v{1}: {2}, schema id {3}</source>
      <translation>{0} v{1}: {2}, 스키마 ID {3}</translation>
    </message>
    <message>
      <source>Changes from v{0} to v{1}</source>
      <translation>v{0}에서 v{1}로의 변경</translation>
    </message>
    <message>
      <source>(the same schema)</source>
      <translation>(같은 스키마)</translation>
    </message>
    <message>
      <source>{0}: compatibility {1}</source>
      <translation>{0}: 호환성 {1}</translation>
    </message>
    <message>
      <source>Choose or type a subject first.</source>
      <translation>먼저 서브젝트를 고르거나 입력하세요.</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>확인 중…</translation>
    </message>
    <message>
      <source>✔ Compatible: {0} would accept this schema.</source>
      <translation>✔ 호환됨: {0}에 이 스키마를 등록할 수 있습니다.</translation>
    </message>
    <message>
      <source>(the registry gave no reason)</source>
      <translation>(레지스트리가 이유를 알려 주지 않았습니다)</translation>
    </message>
    <message>
      <source>✘ Not compatible with {0}:
{1}</source>
      <translation>✘ {0}와(과) 호환되지 않음:
{1}</translation>
    </message>
    <message>
      <source>✘ {0}</source>
      <translation>✘ {0}</translation>
    </message>
    <message>
      <source>✔ Registered: {0} v{1}, schema id {2}</source>
      <translation>✔ 등록됨: {0} v{1}, 스키마 ID {2}</translation>
    </message>
    <message>
      <source>✘ Not registered: {0}</source>
      <translation>✘ 등록되지 않음: {0}</translation>
    </message>
    <message>
      <source>Registry:</source>
      <translation>레지스트리:</translation>
    </message>
    <message>
      <source>the engine's ({0})</source>
      <translation>엔진의 레지스트리 ({0})</translation>
    </message>
    <message>
      <source>Another Schema Registry's URL (an attached cluster's); empty: the engine's</source>
      <translation>다른 스키마 레지스트리의 URL(연결한 클러스터의 것). 비워 두면 엔진의 레지스트리</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>새로 고침</translation>
    </message>
    <message>
      <source>Versions</source>
      <translation>버전</translation>
    </message>
    <message>
      <source>Check and register</source>
      <translation>확인 및 등록</translation>
    </message>
    <message>
      <source>Compatibility:</source>
      <translation>호환성:</translation>
    </message>
    <message>
      <source>The subject's compatibility level (PUT /config/{subject})</source>
      <translation>서브젝트의 호환성 수준 (PUT /config/{subject})</translation>
    </message>
    <message>
      <source>Version:</source>
      <translation>버전:</translation>
    </message>
    <message>
      <source>Compare with:</source>
      <translation>비교 대상:</translation>
    </message>
    <message>
      <source>Subject:</source>
      <translation>서브젝트:</translation>
    </message>
    <message>
      <source>Type:</source>
      <translation>타입:</translation>
    </message>
    <message>
      <source>e.g. users-value (topic name + -value)</source>
      <translation>예: users-value (토픽 이름 + -value)</translation>
    </message>
    <message>
      <source>The proposed schema</source>
      <translation>제안하는 스키마</translation>
    </message>
    <message>
      <source>Check compatibility</source>
      <translation>호환성 확인</translation>
    </message>
    <message>
      <source>POST /compatibility/subjects/{subject}/versions: would it be accepted?</source>
      <translation>POST /compatibility/subjects/{subject}/versions: 등록이 받아들여질까요?</translation>
    </message>
    <message>
      <source>Register</source>
      <translation>등록</translation>
    </message>
  </context>
</TS>
