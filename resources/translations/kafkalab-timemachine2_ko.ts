<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>TimeMachine</name>
    <message>
        <source>Time &amp;machine</source>
        <translation>타임머신(&amp;M)</translation>
    </message>
    <message>
        <source>Add marker…</source>
        <translation>마커 추가…</translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation>라이브로 돌아가기</translation>
    </message>
    <message>
        <source>Add marker</source>
        <translation>마커 추가</translation>
    </message>
    <message>
        <source>Marker label:</source>
        <translation>마커 이름:</translation>
    </message>
    <message>
        <source>marker</source>
        <translation>마커</translation>
    </message>
    <message>
        <source>No marker: {0}</source>
        <translation>마커를 추가하지 못했습니다: {0}</translation>
    </message>
</context>
</TS>
