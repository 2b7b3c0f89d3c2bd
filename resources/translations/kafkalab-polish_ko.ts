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
</TS>
