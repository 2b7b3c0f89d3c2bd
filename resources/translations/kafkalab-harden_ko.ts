<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>LabInUseDialog</name>
    <message>
        <location filename="../../gui/lab_lock.py" line="82" />
        <source>Lab in use</source>
        <translation>사용 중인 랩</translation>
    </message>
    <message>
        <location filename="../../gui/lab_lock.py" line="86" />
        <source>This lab is already open in another Kafka Lab window or process:

{0}</source>
        <translation>이 랩은 이미 다른 Kafka Lab 창이나 프로세스에서 열려 있습니다:

{0}</translation>
    </message>
    <message>
        <location filename="../../gui/lab_lock.py" line="88" />
        <source>Two Kafka engines on one data directory would corrupt it, so this one did not start and wrote nothing. Open a throw-away lab for this window (the saved lab stays untouched), or quit and use the window that has it.</source>
        <translation>하나의 데이터 디렉터리에서 두 Kafka 엔진이 동작하면 데이터가 손상되므로, 이 엔진은 시작하지 않았고 아무것도 쓰지 않았습니다. 이 창에서 임시 랩을 열거나(저장된 랩은 그대로 유지됩니다), 종료하고 이 랩을 연 창을 사용하세요.</translation>
    </message>
    <message>
        <location filename="../../gui/lab_lock.py" line="91" />
        <source>Open a throw-away lab</source>
        <translation>임시 랩 열기</translation>
    </message>
    <message>
        <location filename="../../gui/lab_lock.py" line="93" />
        <source>Quit</source>
        <translation>종료</translation>
    </message>
</context>
</TS>