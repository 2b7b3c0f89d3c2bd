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
<context>
    <name>AcksLedgerView</name>
    <message>
        <source>Replay: what the leaders acknowledged to every producer up to the instant shown, against what the partition's leader held then.</source>
        <translation>재생: 보이는 시점까지 리더가 모든 프로듀서에게 확인(ack)해 준 레코드와, 그때 파티션 리더가 가지고 있던 레코드를 비교합니다.</translation>
    </message>
</context>
</TS>
