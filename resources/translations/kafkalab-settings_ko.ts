<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Korean for the engine settings actions (File → Settings…, File → Storage), moved out of the main window. -->
<TS version="2.1" language="ko_KR">
  <context>
    <name>EngineSettingsActions</name>
    <message>
      <source>Settings changed</source>
      <translation>설정 변경됨</translation>
    </message>
    <message>
      <source>The engine uses the new port and broker count when it restarts. Restart it now?</source>
      <translation>엔진은 재시작할 때 새 포트와 브로커 수를 사용합니다. 지금 재시작할까요?</translation>
    </message>
    <message>
      <source>Ports in use: {0}</source>
      <translation>사용 중인 포트: {0}</translation>
    </message>
    <message>
      <source>Storage changed</source>
      <translation>저장소 변경됨</translation>
    </message>
    <message>
      <source>The new storage setting takes effect when the engine restarts. Restart it now?</source>
      <translation>새 저장소 설정은 엔진을 재시작해야 적용됩니다. 지금 재시작할까요?</translation>
    </message>
  </context>
</TS>
