<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../gui/dialogs/about.py" line="25" />
        <source>Lab data: {0}</source>
        <translation>실습실 데이터: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/about.py" line="33" />
        <source>About Kafka Lab</source>
        <translation>Kafka Lab 정보</translation>
    </message>
</context>
<context>
    <name>LabControls</name>
    <message>
        <location filename="../../gui/lab_controls.py" line="87" />
        <source>throw-away lab (deleted when the engine stops)</source>
        <translation>일회용 실습실 (엔진이 멈추면 삭제됨)</translation>
    </message>
    <message>
        <location filename="../../gui/lab_controls.py" line="93" />
        <location filename="../../gui/lab_controls.py" line="97" />
        <location filename="../../gui/lab_controls.py" line="113" />
        <source>Reset lab</source>
        <translation>실습실 초기화</translation>
    </message>
    <message>
        <location filename="../../gui/lab_controls.py" line="94" />
        <source>Delete every topic, record and consumer group of this lab and start an empty cluster?

{0}</source>
        <translation>이 실습실의 모든 토픽, 레코드, 컨슈머 그룹을 삭제하고 빈 클러스터로 시작할까요?

{0}</translation>
    </message>
    <message>
        <location filename="../../gui/lab_controls.py" line="114" />
        <source>Could not empty {0}: {1}</source>
        <translation>{0}을(를) 비우지 못했습니다: {1}</translation>
    </message>
    <message>
        <location filename="../../gui/lab_controls.py" line="116" />
        <source>The lab was reset: an empty cluster</source>
        <translation>실습실을 초기화했습니다: 빈 클러스터</translation>
    </message>
    <message>
        <location filename="../../gui/lab_controls.py" line="145" />
        <source>Reset lab…</source>
        <translation>실습실 초기화…</translation>
    </message>
    <message>
        <location filename="../../gui/lab_controls.py" line="147" />
        <source>Back to my lab</source>
        <translation>내 실습실로 돌아가기</translation>
    </message>
    <message>
        <location filename="../../gui/lab_controls.py" line="147" />
        <source>Open a throw-away lab</source>
        <translation>일회용 실습실 열기</translation>
    </message>
    <message>
        <location filename="../../gui/lab_controls.py" line="149" />
        <source>Lab: {0}</source>
        <translation>실습실: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/lab_controls.py" line="152" />
        <source>A temporary directory: topics and records go when the engine stops. The saved lab ({0}) is untouched.</source>
        <translation>임시 디렉터리: 엔진이 멈추면 토픽과 레코드가 사라집니다. 저장된 실습실({0})은 그대로입니다.</translation>
    </message>
</context>
</TS>