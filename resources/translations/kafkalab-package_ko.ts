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
<context>
    <name>Welcome</name>
    <message>
        <location filename="../../gui/welcome.py" line="110" />
        <source>Connect to my cluster</source>
        <translation>내 클러스터에 연결</translation>
    </message>
    <message>
        <location filename="../../gui/welcome.py" line="111" />
        <source>Kafka Lab shows its own built-in cluster for now. Any Kafka client can connect to it at the bootstrap address in the status bar.</source>
        <translation>지금은 Kafka Lab의 내장 클러스터만 보여 줍니다. 어떤 Kafka 클라이언트든 상태 표시줄의 부트스트랩 주소로 이 클러스터에 연결할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../gui/welcome.py" line="118" />
        <source>Creating the topic {0}…</source>
        <translation>토픽 {0} 만드는 중…</translation>
    </message>
    <message>
        <location filename="../../gui/welcome.py" line="131" />
        <source>Sending {0} records to {1}…</source>
        <translation>{1}(으)로 레코드 {0}개 보내는 중…</translation>
    </message>
    <message>
        <location filename="../../gui/welcome.py" line="154" />
        <source>{0} record(s) failed: {1}</source>
        <translation>레코드 {0}개 실패: {1}</translation>
    </message>
    <message>
        <location filename="../../gui/welcome.py" line="156" />
        <source>{0} records in {1}, on partitions {2}.</source>
        <translation>{1}에 레코드 {0}개, 파티션 {2}.</translation>
    </message>
    <message>
        <location filename="../../gui/welcome.py" line="164" />
        <source>Could not create the sample: {0}</source>
        <translation>예제를 만들지 못했습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/welcome.py" line="168" />
        <source>Welcome…</source>
        <translation>시작 화면…</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../gui/views/welcome_view.py" line="98" />
        <source>Welcome to Kafka Lab</source>
        <translation>Kafka Lab에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <location filename="../../gui/views/welcome_view.py" line="100" />
        <source>A real Kafka cluster with three brokers runs inside this window. Send records, read them back, then kill a broker and watch the cluster elect new leaders. Your topics are kept between runs.</source>
        <translation>이 창 안에서 브로커 세 개로 된 실제 Kafka 클러스터가 돌아갑니다. 레코드를 보내고 다시 읽어 본 다음, 브로커를 죽이고 클러스터가 새 리더를 뽑는 모습을 지켜보세요. 토픽은 다음 실행에도 남아 있습니다.</translation>
    </message>
    <message>
        <location filename="../../gui/views/welcome_view.py" line="102" />
        <source>Show the cluster</source>
        <translation>클러스터 보기</translation>
    </message>
    <message>
        <location filename="../../gui/views/welcome_view.py" line="103" />
        <source>Start the first lesson</source>
        <translation>첫 번째 수업 시작</translation>
    </message>
    <message>
        <location filename="../../gui/views/welcome_view.py" line="104" />
        <source>Create a sample topic with data</source>
        <translation>데이터가 든 예제 토픽 만들기</translation>
    </message>
    <message>
        <location filename="../../gui/views/welcome_view.py" line="105" />
        <source>Connect to my cluster</source>
        <translation>내 클러스터에 연결</translation>
    </message>
    <message>
        <location filename="../../gui/views/welcome_view.py" line="106" />
        <source>Read the help pages</source>
        <translation>도움말 읽기</translation>
    </message>
    <message>
        <location filename="../../gui/views/welcome_view.py" line="108" />
        <source>Step by step: topics, partitions and replicas on this cluster.</source>
        <translation>이 클러스터에서 토픽, 파티션, 복제본을 차근차근 배웁니다.</translation>
    </message>
    <message>
        <location filename="../../gui/views/welcome_view.py" line="109" />
        <source>A topic “sample-orders” with 3 partitions and 30 records, opened in the message browser.</source>
        <translation>파티션 3개와 레코드 30개가 든 토픽 “sample-orders”를 만들어 메시지 브라우저에서 엽니다.</translation>
    </message>
    <message>
        <location filename="../../gui/views/welcome_view.py" line="110" />
        <source>Look at your own Kafka cluster with the same views.</source>
        <translation>내 Kafka 클러스터를 같은 화면으로 살펴봅니다.</translation>
    </message>
    <message>
        <location filename="../../gui/views/welcome_view.py" line="111" />
        <source>Short pages on brokers, topics, replication, producers and consumer groups.</source>
        <translation>브로커, 토픽, 복제, 프로듀서, 컨슈머 그룹에 대한 짧은 설명입니다.</translation>
    </message>
</context>
</TS>