<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>BrokerMembership</name>
    <message>
        <source>Add broker</source>
        <translation>브로커 추가</translation>
    </message>
    <message>
        <source>Start one more broker. It hosts no partitions until a reassignment moves replicas onto it: drag a replica to its column.</source>
        <translation>브로커를 하나 더 시작합니다. 재할당으로 레플리카를 옮기기 전까지는 파티션을 갖지 않습니다: 레플리카를 그 브로커 열로 끌어다 놓으세요.</translation>
    </message>
    <message>
        <source>Remove broker</source>
        <translation>브로커 제거</translation>
    </message>
    <message>
        <source>Remove broker {0}</source>
        <translation>브로커 {0} 제거</translation>
    </message>
    <message>
        <source>Brokers</source>
        <translation>브로커</translation>
    </message>
    <message>
        <source>Stop the selected broker and unregister it from the controller (refused while it still hosts replicas)</source>
        <translation>선택한 브로커를 멈추고 컨트롤러에서 등록 해제합니다 (아직 레플리카를 가지고 있으면 거부됩니다)</translation>
    </message>
</context>
<context>
    <name>EventText</name>
    <message>
        <source>reassignment started: replicas {0}, adding {1}, removing {2}</source>
        <translation>재할당 시작: 레플리카 {0}, 추가 {1}, 제거 {2}</translation>
    </message>
    <message>
        <source>reassignment cancelled: replicas {0} again</source>
        <translation>재할당 취소: 레플리카가 다시 {0}</translation>
    </message>
    <message>
        <source>reassignment completed: replicas {0}</source>
        <translation>재할당 완료: 레플리카 {0}</translation>
    </message>
</context>
</TS>
