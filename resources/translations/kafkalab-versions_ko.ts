<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Korean for the strings of old clients and the KIP-848 consumer protocol (issue 17): the groups view. -->
<TS version="2.1" language="ko_KR">
  <context>
    <name>GroupsView</name>
    <message>
      <source> · group protocol: {0}</source>
      <translation> · 그룹 프로토콜: {0}</translation>
    </message>
    <message>
      <source>consumer (KIP-848)</source>
      <translation>consumer (KIP-848)</translation>
    </message>
    <message>
      <source>classic</source>
      <translation>classic</translation>
    </message>
  </context>
</TS>
