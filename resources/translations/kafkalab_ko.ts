<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
  <context>
    <name>AboutDialog</name>
    <message>
      <location filename="../../gui/dialogs/about.py" line="12" />
      <source>&lt;h3&gt;Kafka Lab {0}&lt;/h3&gt;&lt;p&gt;A desktop lab with a real, wire-compatible multi-broker Kafka cluster inside. Kill, pause and restart brokers and watch leader election, ISR changes and replication as they happen. Any Kafka client can connect to the bootstrap address in the status bar.&lt;/p&gt;&lt;p&gt;Licensed under the Apache License 2.0. Colours: Okabe–Ito colour-blind-safe palette.&lt;/p&gt;</source>
      <translation>&lt;h3&gt;Kafka Lab {0}&lt;/h3&gt;&lt;p&gt;실제 Kafka 프로토콜과 호환되는 멀티 브로커 Kafka 클러스터를 품은 데스크톱 실습실입니다. 브로커를 강제 종료하고, 일시 정지하고, 재시작하면서 리더 선출, ISR 변화, 복제가 일어나는 모습을 실시간으로 확인하세요. 어떤 Kafka 클라이언트든 상태 표시줄의 부트스트랩 주소로 접속할 수 있습니다.&lt;/p&gt;&lt;p&gt;Apache License 2.0으로 배포됩니다. 색상: Okabe–Ito 색각 이상 친화 팔레트.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/about.py" line="22" />
      <source>About Kafka Lab</source>
      <translation>Kafka Lab 정보</translation>
    </message>
  </context>
  <context>
    <name>Banner</name>
    <message>
      <location filename="../../gui/widgets/banner.py" line="39" />
      <source>Restart engine</source>
      <translation>엔진 재시작</translation>
    </message>
  </context>
  <context>
    <name>BootstrapLabel</name>
    <message>
      <location filename="../../gui/widgets/status_widgets.py" line="35" />
      <source>Bootstrap: {0}</source>
      <translation>부트스트랩: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/status_widgets.py" line="36" />
      <source>Click to copy the bootstrap address</source>
      <translation>클릭하면 부트스트랩 주소가 복사됩니다</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/status_widgets.py" line="38" />
      <source>Bootstrap: —</source>
      <translation>부트스트랩: —</translation>
    </message>
  </context>
  <context>
    <name>Bridge</name>
    <message>
      <location filename="../../gui/bridge.py" line="243" />
      <source>not connected to the engine</source>
      <translation>엔진에 연결되어 있지 않습니다</translation>
    </message>
  </context>
  <context>
    <name>BrokerCard</name>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="96" />
      <source>running</source>
      <translation>실행 중</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="96" />
      <source>paused</source>
      <translation>일시 정지</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="96" />
      <source>dead</source>
      <translation>중단됨</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="97" />
      <source>stopped</source>
      <translation>정지됨</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="97" />
      <source>starting</source>
      <translation>시작 중</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="97" />
      <source>restarting</source>
      <translation>재시작 중</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="102" />
      <source>Broker {0}</source>
      <translation>브로커 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="103" />
      <source>controller</source>
      <translation>컨트롤러</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="115" />
      <source>Leaders {0} · Replicas {1}</source>
      <translation>리더 {0} · 레플리카 {1}</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="116" />
      <source>in {0} · out {1}</source>
      <translation>수신 {0} · 송신 {1}</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="121" />
      <source>Resume</source>
      <translation>재개</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="121" />
      <source>Pause</source>
      <translation>일시 정지</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="123" />
      <source>Broker {0}: {1}. Keys: K kill, P pause/resume, R restart</source>
      <translation>브로커 {0}: {1}. 단축키: K 강제 종료, P 일시 정지/재개, R 재시작</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="127" />
      <location filename="../../gui/widgets/broker_card.py" line="156" />
      <source>Kill</source>
      <translation>강제 종료</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="128" />
      <source>Crash the broker: sockets closed, unflushed data lost (K)</source>
      <translation>브로커를 갑자기 죽입니다: 소켓이 닫히고 디스크에 기록되지 않은 데이터는 사라집니다 (K)</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="129" />
      <source>Freeze the broker without closing its sockets (P)</source>
      <translation>소켓은 연 채로 브로커를 멈춥니다 (P)</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="130" />
      <location filename="../../gui/widgets/broker_card.py" line="158" />
      <source>Restart</source>
      <translation>재시작</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="131" />
      <source>Start a dead broker again, or bounce a running one (R)</source>
      <translation>중단된 브로커를 다시 시작하거나, 실행 중인 브로커를 껐다 켭니다 (R)</translation>
    </message>
  </context>
  <context>
    <name>ClusterView</name>
    <message>
      <location filename="../../gui/views/cluster_view.py" line="184" />
      <source>Show internal topics</source>
      <translation>내부 토픽 표시</translation>
    </message>
    <message>
      <location filename="../../gui/views/cluster_view.py" line="185" />
      <source>Include __consumer_offsets and other internal topics</source>
      <translation>__consumer_offsets 등 내부 토픽도 표시합니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/cluster_view.py" line="186" />
      <source>Elect preferred leaders</source>
      <translation>선호 리더 선출</translation>
    </message>
    <message>
      <location filename="../../gui/views/cluster_view.py" line="187" />
      <source>Move leadership back to each partition's preferred replica</source>
      <translation>각 파티션의 리더를 선호 레플리카로 되돌립니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/cluster_view.py" line="188" />
      <source>Replica placement</source>
      <translation>레플리카 배치</translation>
    </message>
    <message>
      <location filename="../../gui/views/cluster_view.py" line="189" />
      <source>Waiting for the cluster…</source>
      <translation>클러스터를 기다리는 중…</translation>
    </message>
  </context>
  <context>
    <name>EngineSession</name>
    <message>
      <location filename="../../gui/session.py" line="56" />
      <source>Could not start the engine: {0}</source>
      <translation>엔진을 시작할 수 없습니다: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/session.py" line="94" />
      <source>The engine process exited unexpectedly (exit code {0}).</source>
      <translation>엔진 프로세스가 예기치 않게 종료되었습니다 (종료 코드 {0}).</translation>
    </message>
    <message>
      <location filename="../../gui/session.py" line="103" />
      <source>Lost the connection to the engine: {0}</source>
      <translation>엔진과의 연결이 끊어졌습니다: {0}</translation>
    </message>
  </context>
  <context>
    <name>EventLogModel</name>
    <message>
      <location filename="../../gui/models/event_model.py" line="124" />
      <source>Time</source>
      <translation>시각</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_model.py" line="124" />
      <source>Kind</source>
      <translation>종류</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_model.py" line="124" />
      <source>Broker</source>
      <translation>브로커</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_model.py" line="124" />
      <source>Topic-partition</source>
      <translation>토픽-파티션</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_model.py" line="125" />
      <source>Leader (old → new)</source>
      <translation>리더 (이전 → 새)</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_model.py" line="125" />
      <source>Epoch</source>
      <translation>에포크</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_model.py" line="125" />
      <source>Details</source>
      <translation>세부 정보</translation>
    </message>
  </context>
  <context>
    <name>EventLogView</name>
    <message>
      <location filename="../../gui/views/event_log_view.py" line="64" />
      <source>{0} of {1} events</source>
      <translation>이벤트 {1}개 중 {0}개</translation>
    </message>
    <message>
      <location filename="../../gui/views/event_log_view.py" line="67" />
      <source>Filter:</source>
      <translation>필터:</translation>
    </message>
    <message>
      <location filename="../../gui/views/event_log_view.py" line="68" />
      <source>kind, broker, topic, reason…</source>
      <translation>종류, 브로커, 토픽, 사유…</translation>
    </message>
  </context>
  <context>
    <name>HealthLabel</name>
    <message>
      <location filename="../../gui/widgets/status_widgets.py" line="72" />
      <source>No cluster</source>
      <translation>클러스터 없음</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/status_widgets.py" line="75" />
      <source>{0}/{1} brokers up · {2} offline · {3} under-replicated</source>
      <translation>브로커 {0}/{1} 동작 · 오프라인 {2} · 복제 부족 {3}</translation>
    </message>
  </context>
  <context>
    <name>HelpDialog</name>
    <message>
      <location filename="../../gui/dialogs/help.py" line="61" />
      <location filename="../../gui/dialogs/help.py" line="74" />
      <source>Kafka Lab Help</source>
      <translation>Kafka Lab 도움말</translation>
    </message>
  </context>
  <context>
    <name>Legend</name>
    <message>
      <location filename="../../gui/widgets/legend.py" line="29" />
      <source>leader</source>
      <translation>리더</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/legend.py" line="30" />
      <source>in-sync follower</source>
      <translation>동기화된 팔로워</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/legend.py" line="31" />
      <source>out-of-sync follower</source>
      <translation>뒤처진 팔로워</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/legend.py" line="32" />
      <source>offline replica</source>
      <translation>오프라인 레플리카</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/legend.py" line="33" />
      <source>preferred leader</source>
      <translation>선호 리더</translation>
    </message>
  </context>
  <context>
    <name>LoadGeneratorView</name>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="111" />
      <source>The cluster is not running.</source>
      <translation>클러스터가 실행 중이 아닙니다.</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="127" />
      <source>Cannot create topic {0}: {1}</source>
      <translation>토픽 {0}을(를) 만들 수 없습니다: {1}</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="154" />
      <source>Stop</source>
      <translation>중지</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="154" />
      <source>Start</source>
      <translation>시작</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="158" />
      <source>sent {0} · acknowledged {1} · errors {2} · {3:.0f} records/s</source>
      <translation>전송 {0} · 확인 {1} · 오류 {2} · 초당 {3:.0f}건</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="161" />
      <source>Last error: {0}</source>
      <translation>마지막 오류: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="164" />
      <source>Topic</source>
      <translation>토픽</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="165" />
      <source>Rate</source>
      <translation>속도</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="166" />
      <source> records/s</source>
      <translation> 건/초</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="167" />
      <source>Keys</source>
      <translation>키</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="168" />
      <source>acks</source>
      <translation>acks</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="169" />
      <source>null keys (sticky partitioner)</source>
      <translation>null 키 (스티키 파티셔너)</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="169" />
      <source>sequential keys</source>
      <translation>순차 키</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="170" />
      <source>random keys</source>
      <translation>무작위 키</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="170" />
      <source>a few hot keys (90%)</source>
      <translation>소수의 핫 키 (90%)</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="178" />
      <source>0: fire and forget · 1: the leader has it · all: every in-sync replica has it</source>
      <translation>0: 보내고 확인하지 않음 · 1: 리더가 받으면 확인 · all: 모든 ISR 레플리카가 받으면 확인</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../gui/main_window.py" line="78" />
      <source>Copied {0}</source>
      <translation>{0} 복사됨</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="208" />
      <source>Kafka Lab</source>
      <translation>Kafka Lab</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="209" />
      <source>&amp;File</source>
      <translation>파일(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="210" />
      <source>&amp;Broker</source>
      <translation>브로커(&amp;B)</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="211" />
      <source>&amp;View</source>
      <translation>보기(&amp;V)</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="212" />
      <source>&amp;Help</source>
      <translation>도움말(&amp;H)</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="213" />
      <source>Storage</source>
      <translation>저장소</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="214" />
      <source>Theme</source>
      <translation>테마</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="215" />
      <source>Language</source>
      <translation>언어</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="216" />
      <source>New topic…</source>
      <translation>새 토픽…</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="217" />
      <source>Restart engine</source>
      <translation>엔진 재시작</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="218" />
      <source>Quit</source>
      <translation>종료</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="219" />
      <source>Throw-away (a new empty cluster each run)</source>
      <translation>임시 (실행할 때마다 빈 클러스터)</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="220" />
      <source>Persistent (keep topics and data)</source>
      <translation>영구 (토픽과 데이터 유지)</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="221" />
      <source>Kill broker</source>
      <translation>브로커 강제 종료</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="222" />
      <source>Restart broker</source>
      <translation>브로커 재시작</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="223" />
      <source>Elect preferred leaders</source>
      <translation>선호 리더 선출</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="224" />
      <source>Show internal topics</source>
      <translation>내부 토픽 표시</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="225" />
      <source>Focus cluster view</source>
      <translation>클러스터 보기로 이동</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="225" />
      <source>Focus event log</source>
      <translation>이벤트 로그로 이동</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="226" />
      <source>Focus throughput</source>
      <translation>처리량으로 이동</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="226" />
      <source>Focus load generator</source>
      <translation>부하 생성기로 이동</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="229" />
      <source>Light</source>
      <translation>밝게</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="230" />
      <source>Dark</source>
      <translation>어둡게</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="231" />
      <source>Full screen</source>
      <translation>전체 화면</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="232" />
      <source>Kafka topics…</source>
      <translation>Kafka 학습 주제…</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="233" />
      <source>About Kafka Lab</source>
      <translation>Kafka Lab 정보</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="234" />
      <source>Event log</source>
      <translation>이벤트 로그</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="235" />
      <source>Throughput</source>
      <translation>처리량</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="236" />
      <source>Load generator</source>
      <translation>부하 생성기</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="268" />
      <source>idle</source>
      <translation>대기</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="268" />
      <source>starting</source>
      <translation>시작 중</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="268" />
      <source>running</source>
      <translation>실행 중</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="269" />
      <source>stopped unexpectedly</source>
      <translation>예기치 않게 중단됨</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="269" />
      <source>stopped</source>
      <translation>정지됨</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="270" />
      <source>Engine: {0}</source>
      <translation>엔진: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="272" />
      <source>Starting the Kafka cluster…</source>
      <translation>Kafka 클러스터를 시작하는 중…</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="276" />
      <source>The engine stopped.</source>
      <translation>엔진이 멈췄습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="302" />
      <source>{0} failed: {1}</source>
      <translation>{0} 실패: {1}</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="305" />
      <source>Preferred leaders elected for {0} partition(s)</source>
      <translation>파티션 {0}개의 선호 리더를 선출했습니다</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="323" />
      <source>Storage changed</source>
      <translation>저장소 변경됨</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="324" />
      <source>The new storage setting takes effect when the engine restarts. Restart it now?</source>
      <translation>새 저장소 설정은 엔진을 재시작해야 적용됩니다. 지금 재시작할까요?</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="339" />
      <source>Resume broker</source>
      <translation>브로커 재개</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="339" />
      <source>Pause broker</source>
      <translation>브로커 일시 정지</translation>
    </message>
  </context>
  <context>
    <name>NewTopicDialog</name>
    <message>
      <location filename="../../gui/dialogs/new_topic.py" line="11" />
      <source>New topic</source>
      <translation>새 토픽</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/new_topic.py" line="24" />
      <source>Name</source>
      <translation>이름</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/new_topic.py" line="25" />
      <source>Partitions</source>
      <translation>파티션 수</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/new_topic.py" line="26" />
      <source>Replication factor</source>
      <translation>복제 계수</translation>
    </message>
  </context>
  <context>
    <name>PlacementModel</name>
    <message>
      <location filename="../../gui/models/placement_model.py" line="197" />
      <source>leader</source>
      <translation>리더</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="198" />
      <source>in-sync follower</source>
      <translation>동기화된 팔로워</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="199" />
      <source>out-of-sync follower</source>
      <translation>뒤처진 팔로워</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="200" />
      <source>offline replica</source>
      <translation>오프라인 레플리카</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="208" />
      <source>Partition</source>
      <translation>파티션</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="208" />
      <source>Leader</source>
      <translation>리더</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="208" />
      <source>Epoch</source>
      <translation>에포크</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="208" />
      <source>ISR</source>
      <translation>ISR</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="210" />
      <source>Broker {0}</source>
      <translation>브로커 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="213" />
      <source>Leader epoch: bumped on every leader change</source>
      <translation>리더 에포크: 리더가 바뀔 때마다 1씩 증가합니다</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="215" />
      <source>In-sync replicas: followers caught up with the leader</source>
      <translation>ISR(In-Sync Replicas): 리더를 따라잡은 레플리카</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="243" />
      <source> (preferred)</source>
      <translation> (선호)</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="253" />
      <source>offline</source>
      <translation>오프라인</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="261" />
      <source>{0}-{1}: replicas {2}, preferred leader {3}{4}</source>
      <translation>{0}-{1}: 레플리카 {2}, 선호 리더 {3}{4}</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="263" />
      <source> — under-replicated</source>
      <translation> — 복제 부족</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="268" />
      <source>Broker {0} holds no replica of {1}-{2}</source>
      <translation>브로커 {0}에는 {1}-{2}의 레플리카가 없습니다</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="269" />
      <source>{0}-{1} on broker {2}: {3}</source>
      <translation>브로커 {2}의 {0}-{1}: {3}</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="272" />
      <source>preferred leader</source>
      <translation>선호 리더</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="275" />
      <source>LEO {0} · HW {1} · log start {2} · lag {3}</source>
      <translation>LEO {0} · HW {1} · 로그 시작 {2} · 지연 {3}</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="277" />
      <source>{0} bytes on disk</source>
      <translation>디스크 사용 {0}바이트</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="279" />
      <source>log not available (broker down)</source>
      <translation>로그를 볼 수 없음 (브로커 중단)</translation>
    </message>
  </context>
  <context>
    <name>PortDialog</name>
    <message>
      <location filename="../../gui/dialogs/port_dialog.py" line="12" />
      <source>Port in use</source>
      <translation>포트 사용 중</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/port_dialog.py" line="14" />
      <source>Port {0} is already in use on this computer (ports in use: {1}) — perhaps another Kafka is running. The lab's {2} brokers need {2} consecutive ports.</source>
      <translation>이 컴퓨터에서 포트 {0}을(를) 이미 사용하고 있습니다 (사용 중인 포트: {1}). 다른 Kafka가 실행 중일 수 있습니다. 실습용 브로커 {2}개에는 연속된 포트 {2}개가 필요합니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/port_dialog.py" line="18" />
      <source>Use ports starting at:</source>
      <translation>다음 포트부터 사용:</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/port_dialog.py" line="22" />
      <source>Let the system choose free ports</source>
      <translation>빈 포트를 시스템이 고르게 하기</translation>
    </message>
  </context>
  <context>
    <name>SlowMotionControl</name>
    <message>
      <location filename="../../gui/widgets/slow_motion.py" line="69" />
      <source>Slow motion:</source>
      <translation>슬로 모션:</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/slow_motion.py" line="70" />
      <source>Replication delay: every follower fetch waits this long (0 = full speed)</source>
      <translation>복제 지연: 팔로워의 모든 fetch 요청이 이만큼 기다립니다 (0 = 최고 속도)</translation>
    </message>
  </context>
  <context>
    <name>ThroughputView</name>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="84" />
      <source>Per broker (solid: in, dashed: out)</source>
      <translation>브로커별 (실선: 수신, 점선: 송신)</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="85" />
      <source>Per topic (solid: produced, dashed: fetched)</source>
      <translation>토픽별 (실선: 생산, 점선: 소비)</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="154" />
      <source>broker {0} in</source>
      <translation>브로커 {0} 수신</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="155" />
      <source>broker {0} out</source>
      <translation>브로커 {0} 송신</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="160" />
      <source>{0} produced</source>
      <translation>{0} 생산</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="161" />
      <source>{0} fetched</source>
      <translation>{0} 소비</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="166" />
      <source>rate</source>
      <translation>속도</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="167" />
      <source>seconds ago</source>
      <translation>초 전</translation>
    </message>
  </context>
  <context>
    <name>app</name>
    <message>
      <location filename="../../gui/app.py" line="88" />
      <source>Kafka Lab</source>
      <translation>Kafka Lab</translation>
    </message>
    <message>
      <location filename="../../gui/app.py" line="88" />
      <source>Attaching to an existing cluster ({0}) is not supported yet. Start Kafka Lab without --attach to use its built-in cluster.</source>
      <translation>기존 클러스터({0})에 연결하는 기능은 아직 지원하지 않습니다. 내장 클러스터를 쓰려면 --attach 없이 Kafka Lab을 시작하세요.</translation>
    </message>
  </context>
</TS>