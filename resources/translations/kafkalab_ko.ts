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
    <name>AddPartitionsDialog</name>
    <message>
      <location filename="../../gui/dialogs/add_partitions.py" line="31" />
      <source>Add partitions to {0}</source>
      <translation>{0}에 파티션 추가</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/add_partitions.py" line="43" />
      <source>Partitions can only be added, never removed. The default partitioner maps a key to murmur2(key) mod (number of partitions), so after this change most keys go to a different partition than before: records with the same key are no longer all in one partition, and per-key ordering across the change is lost. Records already written stay where they are.</source>
      <translation>파티션은 늘릴 수만 있고 줄일 수는 없습니다. 기본 파티셔너는 키를 murmur2(키) mod (파티션 수)로 배치하므로, 이 변경 뒤에는 대부분의 키가 이전과 다른 파티션으로 갑니다. 같은 키의 레코드가 더 이상 한 파티션에 모이지 않고, 변경 전후에 걸친 키별 순서가 깨집니다. 이미 기록된 레코드는 그대로 남습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/add_partitions.py" line="57" />
      <source>Current partitions</source>
      <translation>현재 파티션 수</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/add_partitions.py" line="58" />
      <source>New total</source>
      <translation>새 파티션 수</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/add_partitions.py" line="60" />
      <source>Add partitions</source>
      <translation>파티션 추가</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/add_partitions.py" line="79" />
      <source>Kafka cannot remove partitions: the broker will refuse a total of {0} (the topic has {1}).</source>
      <translation>Kafka는 파티션을 줄일 수 없습니다. 브로커가 {0}개를 거부할 것입니다(토픽의 현재 파티션 수: {1}).</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/add_partitions.py" line="82" />
      <source>Where sample keys go (before → after):</source>
      <translation>예시 키가 가는 파티션 (이전 → 이후):</translation>
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
      <location filename="../../gui/widgets/status_widgets.py" line="38" />
      <source>Bootstrap: {0} (this run only)</source>
      <translation>부트스트랩: {0} (이번 실행만)</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/status_widgets.py" line="39" />
      <source>Port {0} was in use, so this run uses another one; the next start tries {0} again. Click to copy the bootstrap address.</source>
      <translation>포트 {0}이(가) 사용 중이어서 이번 실행은 다른 포트를 씁니다. 다음 시작 때는 다시 {0}을(를) 시도합니다. 클릭하면 부트스트랩 주소를 복사합니다.</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/status_widgets.py" line="42" />
      <source>Bootstrap: {0}</source>
      <translation>부트스트랩: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/status_widgets.py" line="43" />
      <source>Click to copy the bootstrap address</source>
      <translation>클릭하면 부트스트랩 주소가 복사됩니다</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/status_widgets.py" line="45" />
      <source>Bootstrap: —</source>
      <translation>부트스트랩: —</translation>
    </message>
  </context>
  <context>
    <name>Bridge</name>
    <message>
      <location filename="../../gui/bridge.py" line="248" />
      <source>not connected to the engine</source>
      <translation>엔진에 연결되어 있지 않습니다</translation>
    </message>
  </context>
  <context>
    <name>BrokerCard</name>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="110" />
      <source>running</source>
      <translation>실행 중</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="110" />
      <source>paused</source>
      <translation>일시 정지</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="110" />
      <source>dead</source>
      <translation>중단됨</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="111" />
      <source>stopped</source>
      <translation>정지됨</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="111" />
      <source>starting</source>
      <translation>시작 중</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="111" />
      <source>restarting</source>
      <translation>재시작 중</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="112" />
      <source>engine stopped</source>
      <translation>엔진 정지됨</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="117" />
      <source>Broker {0}</source>
      <translation>브로커 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="132" />
      <source>Leaders {0} · Replicas {1}</source>
      <translation>리더 {0} · 레플리카 {1}</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="133" />
      <source>in {0} · out {1}</source>
      <translation>수신 {0} · 송신 {1}</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="138" />
      <source>Resume</source>
      <translation>재개</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="138" />
      <source>Pause</source>
      <translation>일시 정지</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="140" />
      <source>Broker {0}: {1}. Keys: K kill, P pause/resume, R restart</source>
      <translation>브로커 {0}: {1}. 단축키: K 강제 종료, P 일시 정지/재개, R 재시작</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="144" />
      <location filename="../../gui/widgets/broker_card.py" line="184" />
      <source>Kill</source>
      <translation>강제 종료</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="145" />
      <source>Crash the broker: sockets closed, unflushed data lost (K). Right-click for a process crash that keeps the page cache.</source>
      <translation>브로커를 갑자기 죽입니다: 소켓이 닫히고 디스크에 기록되지 않은 데이터는 사라집니다 (K). 페이지 캐시가 남는 프로세스 크래시는 오른쪽 클릭 메뉴에 있습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="147" />
      <source>Freeze the broker without closing its sockets (P)</source>
      <translation>소켓은 연 채로 브로커를 멈춥니다 (P)</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="148" />
      <location filename="../../gui/widgets/broker_card.py" line="194" />
      <source>Restart</source>
      <translation>재시작</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="149" />
      <source>Start a dead broker again, or bounce a running one (R)</source>
      <translation>중단된 브로커를 다시 시작하거나, 실행 중인 브로커를 껐다 켭니다 (R)</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="186" />
      <source>Machine crash: sockets closed, in-flight requests dropped, and log data not yet flushed to disk is lost</source>
      <translation>머신 크래시: 소켓이 닫히고 처리 중인 요청은 버려지며, 아직 디스크에 플러시되지 않은 로그 데이터는 사라집니다</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="188" />
      <source>Crash process (keeps page cache)</source>
      <translation>프로세스 크래시 (페이지 캐시 유지)</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/broker_card.py" line="190" />
      <source>Process crash (kill -9): sockets closed, nothing checkpointed, but the OS page cache keeps every write, so recovery finds all appended data</source>
      <translation>프로세스 크래시 (kill -9): 소켓이 닫히고 체크포인트도 남지 않지만, OS 페이지 캐시가 모든 쓰기를 보존하므로 복구 시 추가된 데이터를 모두 찾습니다</translation>
    </message>
  </context>
  <context>
    <name>BrowserExport</name>
    <message>
      <location filename="../../gui/views/browser_export.py" line="35" />
      <source>Export selected rows…</source>
      <translation>선택한 행 내보내기…</translation>
    </message>
    <message>
      <location filename="../../gui/views/browser_export.py" line="37" />
      <source>Export a range…</source>
      <translation>범위 내보내기…</translation>
    </message>
    <message>
      <location filename="../../gui/views/browser_export.py" line="43" />
      <source>Export records</source>
      <translation>레코드 내보내기</translation>
    </message>
    <message>
      <location filename="../../gui/views/browser_export.py" line="44" />
      <source>JSON Lines (*.jsonl);;CSV (*.csv)</source>
      <translation>JSON Lines (*.jsonl);;CSV (*.csv)</translation>
    </message>
    <message>
      <location filename="../../gui/views/browser_export.py" line="67" />
      <source>Exporting to {0}…</source>
      <translation>{0}(으)로 내보내는 중…</translation>
    </message>
    <message>
      <location filename="../../gui/views/browser_export.py" line="72" />
      <source>Exported {0} record(s) to {1}</source>
      <translation>레코드 {0}건을 {1}(으)로 내보냈습니다</translation>
    </message>
  </context>
  <context>
    <name>ClusterView</name>
    <message>
      <location filename="../../gui/views/cluster_view.py" line="205" />
      <source>Show internal topics</source>
      <translation>내부 토픽 표시</translation>
    </message>
    <message>
      <location filename="../../gui/views/cluster_view.py" line="206" />
      <source>Include __consumer_offsets and other internal topics</source>
      <translation>__consumer_offsets 등 내부 토픽도 표시합니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/cluster_view.py" line="207" />
      <source>Elect preferred leaders</source>
      <translation>선호 리더 선출</translation>
    </message>
    <message>
      <location filename="../../gui/views/cluster_view.py" line="208" />
      <source>Move leadership back to each partition's preferred replica</source>
      <translation>각 파티션의 리더를 선호 레플리카로 되돌립니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/cluster_view.py" line="209" />
      <source>Replica placement</source>
      <translation>레플리카 배치</translation>
    </message>
    <message>
      <location filename="../../gui/views/cluster_view.py" line="210" />
      <source>Waiting for the cluster…</source>
      <translation>클러스터를 기다리는 중…</translation>
    </message>
  </context>
  <context>
    <name>ControllerCard</name>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="95" />
      <source>Controller</source>
      <translation>컨트롤러</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="97" />
      <source>stopped</source>
      <translation>정지됨</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="97" />
      <source>active</source>
      <translation>동작 중</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="97" />
      <source>starting</source>
      <translation>시작 중</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="107" />
      <source>engine process · on no broker</source>
      <translation>엔진 프로세스 · 브로커 밖</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="112" />
      <source>engine process {0} · on no broker</source>
      <translation>엔진 프로세스 {0} · 브로커 밖</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="114" />
      <source>metadata log offset {0} (last known)</source>
      <translation>메타데이터 로그 오프셋 {0} (마지막으로 알려진 값)</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="115" />
      <source>sessions: none (engine stopped)</source>
      <translation>세션: 없음 (엔진 정지됨)</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="119" />
      <source>metadata log offset {0}</source>
      <translation>메타데이터 로그 오프셋 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="123" />
      <source>{0} unregistered</source>
      <translation>{0} 미등록</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="125" />
      <source>{0} fenced</source>
      <translation>{0} 펜싱됨</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="127" />
      <source>{0} alive</source>
      <translation>{0} 정상</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="128" />
      <source>sessions: {0}</source>
      <translation>세션: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="129" />
      <source>Broker sessions the controller keeps: alive brokers heartbeat; fenced ones lead nothing until they register again</source>
      <translation>컨트롤러가 관리하는 브로커 세션입니다. 살아 있는 브로커는 하트비트를 보내고, 펜싱된 브로커는 다시 등록할 때까지 아무 파티션도 이끌지 않습니다</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="132" />
      <source>last: {0}</source>
      <translation>최근: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="132" />
      <source>no decisions yet</source>
      <translation>아직 결정 없음</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="140" />
      <source>in memory</source>
      <translation>메모리</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="142" />
      <source>What the controller does</source>
      <translation>컨트롤러가 하는 일</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="143" />
      <source>In the course notes ZooKeeper keeps the cluster together: it notices which brokers are alive (a broker's ephemeral znode disappears when its session ends), the controller broker it elects chooses a new leader for every partition a dead broker led and shrinks the ISRs, and it stores the metadata (topics, partitions, replicas, leaders, ISR, configs).</source>
      <translation>강의 노트에서는 ZooKeeper가 클러스터를 묶어 줍니다. 어떤 브로커가 살아 있는지 알아채고(세션이 끝나면 브로커의 임시 znode가 사라짐), ZooKeeper가 선출한 컨트롤러 브로커가 죽은 브로커가 이끌던 모든 파티션의 새 리더를 고르고 ISR을 줄이며, 메타데이터(토픽, 파티션, 레플리카, 리더, ISR, 설정)를 저장합니다.</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="147" />
      <source>Since Kafka 3.3 (KRaft; ZooKeeper is gone in Kafka 4.0) a quorum of controllers does this job itself:</source>
      <translation>Kafka 3.3부터(KRaft, Kafka 4.0에서 ZooKeeper 제거) 컨트롤러 쿼럼이 이 일을 직접 합니다.</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="149" />
      <source>&lt;b&gt;liveness&lt;/b&gt;: every broker registers and sends a heartbeat every broker.heartbeat.interval.ms ({0} ms); a broker silent for broker.session.timeout.ms ({1} ms) is fenced — a killed one at once</source>
      <translation>&lt;b&gt;생존 확인&lt;/b&gt;: 모든 브로커가 등록하고 broker.heartbeat.interval.ms({0} ms)마다 하트비트를 보냅니다. broker.session.timeout.ms({1} ms) 동안 조용한 브로커는 펜싱되며, 강제 종료된 브로커는 즉시 펜싱됩니다</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="152" />
      <source>&lt;b&gt;leader election&lt;/b&gt;: for each partition of a fenced broker it picks the first live replica in the ISR and raises the leader epoch</source>
      <translation>&lt;b&gt;리더 선출&lt;/b&gt;: 펜싱된 브로커의 각 파티션마다 ISR에 있는 첫 번째 살아 있는 레플리카를 고르고 리더 에포크를 올립니다</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="154" />
      <source>&lt;b&gt;metadata&lt;/b&gt;: every decision is a record in the metadata log (Kafka's __cluster_metadata; here {0}) that every broker applies</source>
      <translation>&lt;b&gt;메타데이터&lt;/b&gt;: 모든 결정은 메타데이터 로그(Kafka의 __cluster_metadata, 여기서는 {0})의 레코드이며 모든 브로커가 이를 적용합니다</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="156" />
      <source>Kafka Lab runs one controller in the engine process (pid {0}), on no broker: killing or restarting a broker never moves it. Metadata answers still name a live broker as "controller", because clients cannot talk to a KRaft controller.</source>
      <translation>Kafka Lab은 컨트롤러 하나를 어느 브로커도 아닌 엔진 프로세스(pid {0}) 안에서 실행합니다. 브로커를 죽이거나 재시작해도 컨트롤러는 옮겨지지 않습니다. 클라이언트는 KRaft 컨트롤러와 직접 통신할 수 없으므로 Metadata 응답은 여전히 살아 있는 브로커 하나를 "controller"로 알려 줍니다.</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/controller_card.py" line="161" />
      <source>Latest decisions</source>
      <translation>최근 결정</translation>
    </message>
  </context>
  <context>
    <name>CreateTopicDialog</name>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="41" />
      <source>New topic</source>
      <translation>새 토픽</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="56" />
      <source>{0} live broker(s)</source>
      <translation>살아 있는 브로커 {0}개</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="60" />
      <source>default: 604800000 (7 days); -1 keeps forever</source>
      <translation>기본값: 604800000 (7일); -1이면 영구 보존</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="62" />
      <source>default: -1 (no size limit)</source>
      <translation>기본값: -1 (크기 제한 없음)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="65" />
      <source>(default: delete)</source>
      <translation>(기본값: delete)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="67" />
      <source>default: 1</source>
      <translation>기본값: 1</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="69" />
      <source>default: 1073741824 (1 GiB)</source>
      <translation>기본값: 1073741824 (1 GiB)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="80" />
      <source>Name</source>
      <translation>이름</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="81" />
      <source>Partitions</source>
      <translation>파티션 수</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="82" />
      <source>Replication factor</source>
      <translation>복제 계수</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="84" />
      <source>Configs (empty: the broker's default)</source>
      <translation>설정 (비우면 브로커 기본값)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="93" />
      <source>Create</source>
      <translation>만들기</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="137" />
      <source>Topic name is illegal, it can't be empty</source>
      <translation>토픽 이름이 올바르지 않습니다: 비어 있을 수 없습니다</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="139" />
      <source>Topic name cannot be "." or ".."</source>
      <translation>토픽 이름은 "." 또는 ".."일 수 없습니다</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="141" />
      <source>Topic name is illegal, it can't be longer than {0} characters</source>
      <translation>토픽 이름이 올바르지 않습니다: {0}자를 넘을 수 없습니다</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="143" />
      <source>Topic name "{0}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'</source>
      <translation>토픽 이름 "{0}"이(가) 올바르지 않습니다: ASCII 영숫자, '.', '_', '-' 이외의 문자가 들어 있습니다</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="153" />
      <source>Warning: topics with a period ('.') or underscore ('_') could collide in metric names; best use either, but not both.</source>
      <translation>경고: 마침표('.')와 밑줄('_')이 들어간 토픽은 메트릭 이름에서 충돌할 수 있습니다. 둘 중 하나만 쓰는 것이 좋습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="156" />
      <source>Replication factor: {0} larger than available brokers: {1}.</source>
      <translation>복제 계수 {0}이(가) 사용 가능한 브로커 수 {1}보다 큽니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="176" />
      <source>✓ The broker would accept this topic.</source>
      <translation>✓ 브로커가 이 토픽을 받아들입니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="180" />
      <source>The broker would refuse it: {0}</source>
      <translation>브로커가 거부합니다: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/create_topic.py" line="191" />
      <source>Sending CreateTopics…</source>
      <translation>CreateTopics 요청을 보내는 중…</translation>
    </message>
  </context>
  <context>
    <name>DeliveryAuditModel</name>
    <message>
      <location filename="../../gui/models/delivery_audit.py" line="104" />
      <source>Partition</source>
      <translation>파티션</translation>
    </message>
    <message>
      <location filename="../../gui/models/delivery_audit.py" line="104" />
      <source>Stored</source>
      <translation>저장됨</translation>
    </message>
    <message>
      <location filename="../../gui/models/delivery_audit.py" line="104" />
      <source>Leader only</source>
      <translation>리더에만</translation>
    </message>
    <message>
      <location filename="../../gui/models/delivery_audit.py" line="104" />
      <source>Acked</source>
      <translation>확인됨</translation>
    </message>
    <message>
      <location filename="../../gui/models/delivery_audit.py" line="105" />
      <source>Lost</source>
      <translation>유실</translation>
    </message>
    <message>
      <location filename="../../gui/models/delivery_audit.py" line="108" />
      <source>The partition the records went to</source>
      <translation>레코드가 간 파티션</translation>
    </message>
    <message>
      <location filename="../../gui/models/delivery_audit.py" line="109" />
      <source>Acknowledged: records the producer got a successful delivery report for</source>
      <translation>확인됨: 프로듀서가 성공 전달 보고를 받은 레코드</translation>
    </message>
    <message>
      <location filename="../../gui/models/delivery_audit.py" line="110" />
      <source>Of those, records below the leader's high watermark: every in-sync replica has them</source>
      <translation>그중 리더의 하이 워터마크 아래에 있는 레코드: 모든 in-sync 레플리카가 가지고 있습니다</translation>
    </message>
    <message>
      <location filename="../../gui/models/delivery_audit.py" line="111" />
      <source>Acknowledged and in the leader's log, but not yet copied to the in-sync replicas (acks=1): a leader crash now would lose them</source>
      <translation>확인되어 리더의 로그에 있지만 아직 in-sync 레플리카로 복사되지 않은 레코드(acks=1): 지금 리더가 죽으면 유실됩니다</translation>
    </message>
    <message>
      <location filename="../../gui/models/delivery_audit.py" line="113" />
      <source>Acknowledged but no longer in the leader's log: the leader that acknowledged them died before its followers copied them, and a follower without them became leader</source>
      <translation>확인되었지만 더 이상 리더의 로그에 없는 레코드: 확인해 준 리더가 팔로워가 복사하기 전에 죽었고, 그 레코드가 없는 팔로워가 리더가 되었습니다</translation>
    </message>
    <message>
      <location filename="../../gui/models/delivery_audit.py" line="129" />
      <source>The partition has no leader: its log cannot be read now</source>
      <translation>파티션에 리더가 없어 지금은 로그를 읽을 수 없습니다</translation>
    </message>
  </context>
  <context>
    <name>EngineSession</name>
    <message>
      <location filename="../../gui/session.py" line="62" />
      <source>Could not start the engine: {0}</source>
      <translation>엔진을 시작할 수 없습니다: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/session.py" line="102" />
      <source>The engine process was killed by {0}.</source>
      <translation>엔진 프로세스가 {0}(으)로 강제 종료되었습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/session.py" line="104" />
      <source>(kill -9, or the system ran out of memory)</source>
      <translation>(kill -9 또는 시스템 메모리 부족)</translation>
    </message>
    <message>
      <location filename="../../gui/session.py" line="106" />
      <source>The engine process stopped (exit code {0}): {1}</source>
      <translation>엔진 프로세스가 멈췄습니다(종료 코드 {0}): {1}</translation>
    </message>
    <message>
      <location filename="../../gui/session.py" line="108" />
      <source>The engine process exited unexpectedly (exit code {0}).</source>
      <translation>엔진 프로세스가 예기치 않게 종료되었습니다 (종료 코드 {0}).</translation>
    </message>
    <message>
      <location filename="../../gui/session.py" line="121" />
      <source>Lost the connection to the engine: {0}</source>
      <translation>엔진과의 연결이 끊어졌습니다: {0}</translation>
    </message>
  </context>
  <context>
    <name>ErrorText</name>
    <message>
      <location filename="../../gui/models/produce_errors.py" line="64" />
      <source>retrying</source>
      <translation>재시도 중</translation>
    </message>
    <message>
      <location filename="../../gui/models/produce_errors.py" line="64" />
      <source>retriable</source>
      <translation>재시도 가능</translation>
    </message>
    <message>
      <location filename="../../gui/models/produce_errors.py" line="65" />
      <source>{0} ×{1}, {2}</source>
      <translation>{0} ×{1}, {2}</translation>
    </message>
    <message>
      <location filename="../../gui/models/produce_errors.py" line="67" />
      <source>{0} ×{1}</source>
      <translation>{0} ×{1}</translation>
    </message>
    <message>
      <location filename="../../gui/models/produce_errors.py" line="73" />
      <source>Broker: {0}</source>
      <translation>브로커: {0}</translation>
    </message>
  </context>
  <context>
    <name>EventLogModel</name>
    <message>
      <location filename="../../gui/models/event_model.py" line="178" />
      <source>Time</source>
      <translation>시각</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_model.py" line="178" />
      <source>Kind</source>
      <translation>종류</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_model.py" line="178" />
      <source>Broker</source>
      <translation>브로커</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_model.py" line="178" />
      <source>Topic-partition</source>
      <translation>토픽-파티션</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_model.py" line="179" />
      <source>Leader (old → new)</source>
      <translation>리더 (이전 → 새)</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_model.py" line="179" />
      <source>Epoch</source>
      <translation>에포크</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_model.py" line="179" />
      <source>Details</source>
      <translation>세부 정보</translation>
    </message>
  </context>
  <context>
    <name>EventLogView</name>
    <message>
      <location filename="../../gui/views/event_log_view.py" line="73" />
      <source>{0} of {1} events</source>
      <translation>이벤트 {1}개 중 {0}개</translation>
    </message>
    <message>
      <location filename="../../gui/views/event_log_view.py" line="76" />
      <source>Filter:</source>
      <translation>필터:</translation>
    </message>
    <message>
      <location filename="../../gui/views/event_log_view.py" line="77" />
      <source>kind, broker, topic, reason…</source>
      <translation>종류, 브로커, 토픽, 사유…</translation>
    </message>
  </context>
  <context>
    <name>EventText</name>
    <message>
      <location filename="../../gui/models/event_text.py" line="44" />
      <source>new partition</source>
      <translation>새 파티션</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="45" />
      <source>its leader went down</source>
      <translation>리더가 내려감</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="46" />
      <source>preferred leader election</source>
      <translation>선호 리더 선출</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="47" />
      <source>unclean election: records may be lost</source>
      <translation>언클린 선출: 레코드가 유실될 수 있음</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="48" />
      <source>reassignment</source>
      <translation>재할당</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="49" />
      <source>killed</source>
      <translation>강제 종료</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="50" />
      <source>stopped</source>
      <translation>정지됨</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="51" />
      <source>paused</source>
      <translation>일시 정지</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="52" />
      <source>no heartbeat within broker.session.timeout.ms</source>
      <translation>broker.session.timeout.ms 안에 하트비트 없음</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="53" />
      <source>no heartbeat within session.timeout.ms</source>
      <translation>session.timeout.ms 안에 하트비트 없음</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="54" />
      <source>did not rejoin within rebalance.timeout.ms</source>
      <translation>rebalance.timeout.ms 안에 다시 참여하지 않음</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="55" />
      <source>deleted with DeleteGroups</source>
      <translation>DeleteGroups로 삭제됨</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="56" />
      <source>its offsets expired</source>
      <translation>오프셋이 만료됨</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="57" />
      <source>no reason given</source>
      <translation>이유 없음</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="62" />
      <source>no members</source>
      <translation>멤버 없음</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="76" />
      <source>{0} partition(s) moved: {1}</source>
      <translation>파티션 {0}개 이동: {1}</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="85" />
      <source>ISR {0} → {1}: broker {2} fell out of sync</source>
      <translation>ISR {0} → {1}: 브로커 {2}이(가) 동기화에서 빠짐</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="89" />
      <source>ISR {0} → {1}: broker {2} caught up</source>
      <translation>ISR {0} → {1}: 브로커 {2}이(가) 따라잡음</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="92" />
      <source>the controller fenced it: {0}</source>
      <translation>컨트롤러가 펜싱함: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="94" />
      <source>registered with the controller at {0}:{1}</source>
      <translation>{0}:{1}에서 컨트롤러에 등록됨</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="96" />
      <source>frozen: no answers, no heartbeats</source>
      <translation>멈춤: 응답 없음, 하트비트 없음</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="98" />
      <source>running again</source>
      <translation>다시 실행 중</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="100" />
      <source>{0} partition(s), replication factor {1}</source>
      <translation>파티션 {0}개, 복제 계수 {1}</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="103" />
      <source>deleted</source>
      <translation>삭제됨</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="105" />
      <source>partitions {0} → {1}</source>
      <translation>파티션 {0} → {1}</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="108" />
      <source>{0} back to its default</source>
      <translation>{0} 기본값으로 복원</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="114" />
      <source>removed offset {0} (1 record) from its log</source>
      <translation>로그에서 오프셋 {0}(레코드 1개)을 지움</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="116" />
      <source>removed offsets {0}–{1} ({2} records) from its log</source>
      <translation>로그에서 오프셋 {0}–{1}(레코드 {2}개)을 지움</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="118" />
      <source>log end {0} → {1}</source>
      <translation>로그 끝 {0} → {1}</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="120" />
      <source>retention deleted {0} segment(s); the log now starts at offset {1}</source>
      <translation>보존 정책이 세그먼트 {0}개를 지움. 이제 로그는 오프셋 {1}에서 시작</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="123" />
      <source>recovered after a crash: log end {0}, {1} B of torn tail cut</source>
      <translation>충돌 후 복구됨: 로그 끝 {0}, 찢어진 꼬리 {1} B 잘라 냄</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="126" />
      <source>group {0}: rebalance started ({1}); {2} member(s), generation {3} ends</source>
      <translation>그룹 {0}: 리밸런스 시작({1}). 멤버 {2}명, 제너레이션 {3} 종료</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="131" />
      <source>group {0}: no member rejoined, the group is empty (generation {1})</source>
      <translation>그룹 {0}: 다시 참여한 멤버가 없어 그룹이 비었음(제너레이션 {1})</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="133" />
      <source>group {0}: generation {1} with {2} ({3:.1f} s): {4}</source>
      <translation>그룹 {0}: 제너레이션 {1}, {2} 할당({3:.1f}초): {4}</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="139" />
      <source>group {0}: {1} joined ({2} from {3})</source>
      <translation>그룹 {0}: {1} 참여({3}의 {2})</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="142" />
      <source>group {0}: {1} left ({2})</source>
      <translation>그룹 {0}: {1} 떠남({2})</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="145" />
      <source>group {0}: {1} removed: {2} ({3} ms)</source>
      <translation>그룹 {0}: {1} 제거됨: {2} ({3} ms)</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="148" />
      <source>group {0}: {1} committed {2} partition(s) of {3}</source>
      <translation>그룹 {0}: {1}이(가) {3}의 파티션 {2}개를 커밋함</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="151" />
      <source>group {0}: {1}</source>
      <translation>그룹 {0}: {1}</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="155" />
      <source>became coordinator for __consumer_offsets-{0}: loaded {1} group(s), {2} offset(s) in {3} ms</source>
      <translation>__consumer_offsets-{0}의 코디네이터가 됨: 그룹 {1}개, 오프셋 {2}개를 {3} ms에 로드</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="163" />
      <source>group {0}: {1} offset commit(s) by {2} member(s), last one {3} partition(s) of {4}</source>
      <translation>그룹 {0}: 멤버 {2}명의 오프셋 커밋 {1}회, 마지막은 {4}의 파티션 {3}개</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="172" />
      <source>broker {0}</source>
      <translation>브로커 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="172" />
      <source>no leader (offline)</source>
      <translation>리더 없음(오프라인)</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="173" />
      <source>{0}: leader → {1} ({2})</source>
      <translation>{0}: 리더 → {1} ({2})</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="175" />
      <source>{0}: ISR {1} → {2}</source>
      <translation>{0}: ISR {1} → {2}</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="177" />
      <source>fenced broker {0} ({1})</source>
      <translation>브로커 {0} 펜싱({1})</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="179" />
      <source>registered broker {0}</source>
      <translation>브로커 {0} 등록</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="181" />
      <source>created {0} ({1} partition(s))</source>
      <translation>{0} 생성(파티션 {1}개)</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="183" />
      <source>deleted {0}</source>
      <translation>{0} 삭제</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="185" />
      <source>{0}: partitions {1} → {2}</source>
      <translation>{0}: 파티션 {1} → {2}</translation>
    </message>
    <message>
      <location filename="../../gui/models/event_text.py" line="187" />
      <source>{0}: configs changed</source>
      <translation>{0}: 설정 변경</translation>
    </message>
  </context>
  <context>
    <name>ExportRangeDialog</name>
    <message>
      <location filename="../../gui/views/export_dialog.py" line="29" />
      <source>Export a range</source>
      <translation>범위 내보내기</translation>
    </message>
    <message>
      <location filename="../../gui/views/export_dialog.py" line="32" />
      <source>All partitions</source>
      <translation>모든 파티션</translation>
    </message>
    <message>
      <location filename="../../gui/views/export_dialog.py" line="45" />
      <source>Partition</source>
      <translation>파티션</translation>
    </message>
    <message>
      <location filename="../../gui/views/export_dialog.py" line="46" />
      <source>From offset</source>
      <translation>시작 오프셋</translation>
    </message>
    <message>
      <location filename="../../gui/views/export_dialog.py" line="47" />
      <source>To offset (exclusive)</source>
      <translation>끝 오프셋 (미포함)</translation>
    </message>
  </context>
  <context>
    <name>FleetPanel</name>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="91" />
      <source>Choose a group and a topic (and start the cluster).</source>
      <translation>그룹과 토픽을 고르세요 (클러스터도 실행 중이어야 합니다).</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="112" />
      <source>No consumers running.</source>
      <translation>실행 중인 컨슈머가 없습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="116" />
      <source>stopping</source>
      <translation>중지 중</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="117" />
      <source>idle</source>
      <translation>유휴</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="118" />
      <source>{0} in {1}: {2} · {3} read</source>
      <translation>{1}의 {0}: {2} · {3}건 읽음</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="126" />
      <source>Consumers (real clients, in this app)</source>
      <translation>컨슈머 (이 앱 안의 실제 클라이언트)</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="127" />
      <source>Consumers</source>
      <translation>컨슈머 수</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="128" />
      <source>in group</source>
      <translation>그룹</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="129" />
      <source>on topic</source>
      <translation>토픽</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="130" />
      <source>each at most</source>
      <translation>각각 최대</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="131" />
      <source> records/s</source>
      <translation> 건/초</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="132" />
      <source>unlimited</source>
      <translation>제한 없음</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="133" />
      <source>Start</source>
      <translation>시작</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="134" />
      <source>subscribe() N confluent-kafka consumers; they join the group and commit automatically</source>
      <translation>confluent-kafka 컨슈머 N개를 subscribe()로 시작합니다. 그룹에 참여하고 자동으로 커밋합니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="136" />
      <source>Stop one</source>
      <translation>하나 중지</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="137" />
      <source>Close the newest consumer: the group rebalances</source>
      <translation>가장 최근 컨슈머를 닫습니다: 그룹이 리밸런스됩니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/fleet_panel.py" line="138" />
      <source>Stop all</source>
      <translation>모두 중지</translation>
    </message>
  </context>
  <context>
    <name>GroupListModel</name>
    <message>
      <location filename="../../gui/models/group_models.py" line="111" />
      <source>Stable</source>
      <translation>안정 (Stable)</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="111" />
      <source>Empty</source>
      <translation>비어 있음 (Empty)</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="112" />
      <source>Rebalancing (preparing)</source>
      <translation>리밸런스 중 (준비)</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="113" />
      <source>Rebalancing (completing)</source>
      <translation>리밸런스 중 (완료 단계)</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="114" />
      <source>Dead</source>
      <translation>삭제됨 (Dead)</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="130" />
      <source>Group</source>
      <translation>그룹</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="130" />
      <source>State</source>
      <translation>상태</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="131" />
      <source>Members</source>
      <translation>멤버</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="131" />
      <source>Topics</source>
      <translation>토픽</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="132" />
      <source>Total lag</source>
      <translation>전체 지연</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="157" />
      <source>Listed through the AdminClient (not in the engine's image)</source>
      <translation>AdminClient로 조회한 그룹 (엔진 스냅샷에는 없음)</translation>
    </message>
  </context>
  <context>
    <name>GroupOffsetsModel</name>
    <message>
      <location filename="../../gui/models/group_models.py" line="220" />
      <source>Topic</source>
      <translation>토픽</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="220" />
      <source>Partition</source>
      <translation>파티션</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="221" />
      <source>Committed</source>
      <translation>커밋된 오프셋</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="221" />
      <source>Log end</source>
      <translation>로그 끝</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="222" />
      <source>Lag</source>
      <translation>지연</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="222" />
      <source>Consumer</source>
      <translation>컨슈머</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="224" />
      <source>The partition's high watermark: the end a consumer can read up to</source>
      <translation>파티션의 하이 워터마크: 컨슈머가 읽을 수 있는 끝</translation>
    </message>
  </context>
  <context>
    <name>GroupsView</name>
    <message>
      <location filename="../../gui/views/groups_view.py" line="234" />
      <source>No group selected</source>
      <translation>선택된 그룹 없음</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="235" />
      <source>Start consumers below, or run any Kafka consumer with a group.id.</source>
      <translation>아래에서 컨슈머를 시작하거나, group.id를 지정한 Kafka 컨슈머를 실행해 보세요.</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="240" />
      <source>Group {0}</source>
      <translation>그룹 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="242" />
      <source>State: {0} · assignor: {1} · coordinator: broker {2} · members: {3} · total lag: {4}</source>
      <translation>상태: {0} · 할당 전략: {1} · 코디네이터: 브로커 {2} · 멤버: {3} · 전체 지연: {4}</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="311" />
      <source>Delete group</source>
      <translation>그룹 삭제</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="312" />
      <source>Delete consumer group {0} and its committed offsets?</source>
      <translation>컨슈머 그룹 {0}과(와) 커밋된 오프셋을 삭제할까요?</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="321" />
      <source>Group {0} deleted</source>
      <translation>그룹 {0}을(를) 삭제했습니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="324" />
      <source>Cannot delete {0}: {1}</source>
      <translation>{0}을(를) 삭제할 수 없습니다: {1}</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="334" />
      <source>Consumer groups</source>
      <translation>컨슈머 그룹</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="335" />
      <source>Refresh</source>
      <translation>새로 고침</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="336" />
      <source>List groups through the AdminClient too (e.g. groups whose coordinator is down)</source>
      <translation>AdminClient로도 그룹을 조회합니다 (예: 코디네이터가 중단된 그룹)</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="338" />
      <source>Reset offsets…</source>
      <translation>오프셋 재설정…</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="339" />
      <source>Every strategy of kafka-consumer-groups --reset-offsets, with a dry-run preview; the group must be inactive</source>
      <translation>kafka-consumer-groups --reset-offsets의 모든 전략을 미리 보기(dry run)와 함께 제공합니다. 그룹이 비활성 상태여야 합니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="341" />
      <source>Delete group…</source>
      <translation>그룹 삭제…</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="342" />
      <source>idle</source>
      <translation>유휴</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="342" />
      <source>rebalancing…</source>
      <translation>리밸런스 중…</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="343" />
      <source>no members</source>
      <translation>멤버 없음</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="343" />
      <source>Members</source>
      <translation>멤버</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="344" />
      <source>Partitions</source>
      <translation>파티션</translation>
    </message>
    <message>
      <location filename="../../gui/views/groups_view.py" line="344" />
      <source>unassigned</source>
      <translation>할당 안 됨</translation>
    </message>
  </context>
  <context>
    <name>HealthLabel</name>
    <message>
      <location filename="../../gui/widgets/status_widgets.py" line="79" />
      <source>No cluster</source>
      <translation>클러스터 없음</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/status_widgets.py" line="83" />
      <source>{0}/{1} brokers up · {2} offline · {3} under-replicated</source>
      <translation>브로커 {0}/{1} 동작 · 오프라인 {2} · 복제 부족 {3}</translation>
    </message>
  </context>
  <context>
    <name>HelpDialog</name>
    <message>
      <location filename="../../gui/dialogs/help.py" line="70" />
      <location filename="../../gui/dialogs/help.py" line="83" />
      <source>Kafka Lab Help</source>
      <translation>Kafka Lab 도움말</translation>
    </message>
  </context>
  <context>
    <name>JumpBar</name>
    <message>
      <location filename="../../gui/widgets/jump_bar.py" line="42" />
      <source>Offset</source>
      <translation>오프셋</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/jump_bar.py" line="43" />
      <location filename="../../gui/widgets/jump_bar.py" line="45" />
      <source>Go</source>
      <translation>이동</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/jump_bar.py" line="44" />
      <source>Time</source>
      <translation>시각</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/jump_bar.py" line="46" />
      <source>The first record at or after this time (offsets_for_times)</source>
      <translation>이 시각 이후의 첫 레코드 (offsets_for_times)</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/jump_bar.py" line="47" />
      <source>Oldest</source>
      <translation>가장 오래된</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/jump_bar.py" line="48" />
      <source>Newest</source>
      <translation>가장 최근</translation>
    </message>
  </context>
  <context>
    <name>LagChart</name>
    <message>
      <location filename="../../gui/views/lag_chart.py" line="96" />
      <source>total</source>
      <translation>전체</translation>
    </message>
    <message>
      <location filename="../../gui/views/lag_chart.py" line="98" />
      <source>↑ a spike above the scale, up to {0} records</source>
      <translation>↑ 눈금 위로 튄 값, 최대 레코드 {0}개</translation>
    </message>
    <message>
      <location filename="../../gui/views/lag_chart.py" line="107" />
      <source>lag (×1000)</source>
      <translation>랙 (×1000)</translation>
    </message>
    <message>
      <location filename="../../gui/views/lag_chart.py" line="108" />
      <source>lag (×1M)</source>
      <translation>랙 (×100만)</translation>
    </message>
    <message>
      <location filename="../../gui/views/lag_chart.py" line="152" />
      <source>Lag history (records behind the high watermark)</source>
      <translation>지연 기록 (하이 워터마크보다 뒤처진 레코드 수)</translation>
    </message>
    <message>
      <location filename="../../gui/views/lag_chart.py" line="108" />
      <source>lag</source>
      <translation>지연</translation>
    </message>
    <message>
      <location filename="../../gui/views/lag_chart.py" line="154" />
      <source>seconds ago</source>
      <translation>초 전</translation>
    </message>
  </context>
  <context>
    <name>Legend</name>
    <message>
      <location filename="../../gui/widgets/legend.py" line="31" />
      <source>leader</source>
      <translation>리더</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/legend.py" line="32" />
      <source>in-sync follower</source>
      <translation>동기화된 팔로워</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/legend.py" line="33" />
      <source>out-of-sync follower</source>
      <translation>뒤처진 팔로워</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/legend.py" line="34" />
      <source>offline replica</source>
      <translation>오프라인 레플리카</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/legend.py" line="35" />
      <source>preferred leader</source>
      <translation>선호 리더</translation>
    </message>
  </context>
  <context>
    <name>LoadGeneratorView</name>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="151" />
      <source>The cluster is not running.</source>
      <translation>클러스터가 실행 중이 아닙니다.</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="167" />
      <source>Cannot create topic {0}: {1}</source>
      <translation>토픽 {0}을(를) 만들 수 없습니다: {1}</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="199" />
      <source>Stop</source>
      <translation>중지</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="199" />
      <source>Start</source>
      <translation>시작</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="203" />
      <source>sent {0} · acknowledged {1} · errors {2} · {3:.0f} records/s</source>
      <translation>전송 {0} · 확인 {1} · 오류 {2} · 초당 {3:.0f}건</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="207" />
      <source>Failed deliveries: {0} — last: {1}</source>
      <translation>전달 실패: {0} — 마지막: {1}</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="209" />
      <source>Last error: {0}</source>
      <translation>마지막 오류: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="221" />
      <source>The brokers answered: {0}</source>
      <translation>브로커의 응답: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="232" />
      <source>{0}: acknowledged {1} · stored {2} · leader only {3} · lost {4}</source>
      <translation>{0}: 확인됨 {1} · 저장됨 {2} · 리더에만 {3} · 유실 {4}</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="235" />
      <source>{0} acknowledged record(s) are not in the log: their leader acknowledged them (acks={1}) and died before a follower copied them.</source>
      <translation>확인된 레코드 {0}개가 로그에 없습니다. 리더가 확인해 준 뒤(acks={1}) 팔로워가 복사하기 전에 죽었습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="246" />
      <source>Topic</source>
      <translation>토픽</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="247" />
      <source>Rate</source>
      <translation>속도</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="248" />
      <source> records/s</source>
      <translation> 건/초</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="249" />
      <source>Keys</source>
      <translation>키</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="250" />
      <source>acks</source>
      <translation>acks</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="251" />
      <source>null keys (sticky partitioner)</source>
      <translation>null 키 (스티키 파티셔너)</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="251" />
      <source>sequential keys</source>
      <translation>순차 키</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="252" />
      <source>random keys</source>
      <translation>무작위 키</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="252" />
      <source>a few hot keys (90%)</source>
      <translation>소수의 핫 키 (90%)</translation>
    </message>
    <message>
      <location filename="../../gui/views/load_generator_view.py" line="260" />
      <source>0: fire and forget · 1: the leader has it · all: every in-sync replica has it</source>
      <translation>0: 보내고 확인하지 않음 · 1: 리더가 받으면 확인 · all: 모든 ISR 레플리카가 받으면 확인</translation>
    </message>
  </context>
  <context>
    <name>MainMenus</name>
    <message>
      <location filename="../../gui/main_menus.py" line="152" />
      <source>Resume broker</source>
      <translation>브로커 재개</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="152" />
      <source>Pause broker</source>
      <translation>브로커 일시 정지</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="155" />
      <source>&amp;File</source>
      <translation>파일(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="156" />
      <source>&amp;Broker</source>
      <translation>브로커(&amp;B)</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="157" />
      <source>&amp;View</source>
      <translation>보기(&amp;V)</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="158" />
      <source>&amp;Help</source>
      <translation>도움말(&amp;H)</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="159" />
      <source>Storage</source>
      <translation>저장소</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="160" />
      <source>Theme</source>
      <translation>테마</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="161" />
      <source>Language</source>
      <translation>언어</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="162" />
      <source>New topic…</source>
      <translation>새 토픽…</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="163" />
      <source>Produce…</source>
      <translation>레코드 보내기…</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="164" />
      <source>Restart engine</source>
      <translation>엔진 재시작</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="165" />
      <source>Settings…</source>
      <translation>설정…</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="166" />
      <source>Quit</source>
      <translation>종료</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="167" />
      <source>Throw-away (a new empty cluster each run)</source>
      <translation>임시 (실행할 때마다 빈 클러스터)</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="168" />
      <source>Persistent (keep topics and data)</source>
      <translation>영구 (토픽과 데이터 유지)</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="169" />
      <source>Kill broker</source>
      <translation>브로커 강제 종료</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="170" />
      <source>Machine crash: unflushed log data is lost</source>
      <translation>머신 크래시: 플러시되지 않은 로그 데이터가 사라집니다</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="171" />
      <source>Crash broker process (keeps page cache)</source>
      <translation>브로커 프로세스 크래시 (페이지 캐시 유지)</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="172" />
      <source>Process crash (kill -9): the OS page cache keeps unflushed writes</source>
      <translation>프로세스 크래시 (kill -9): 플러시되지 않은 쓰기는 OS 페이지 캐시에 남습니다</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="173" />
      <source>Restart broker</source>
      <translation>브로커 재시작</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="174" />
      <source>Elect preferred leaders</source>
      <translation>선호 리더 선출</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="175" />
      <source>Show internal topics</source>
      <translation>내부 토픽 표시</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="176" />
      <source>Focus cluster view</source>
      <translation>클러스터 보기로 이동</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="176" />
      <source>Focus event log</source>
      <translation>이벤트 로그로 이동</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="177" />
      <source>Focus throughput</source>
      <translation>처리량으로 이동</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="177" />
      <source>Focus load generator</source>
      <translation>부하 생성기로 이동</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="178" />
      <source>Focus topics</source>
      <translation>토픽으로 이동</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="178" />
      <source>Focus partition log</source>
      <translation>파티션 로그로 이동</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="179" />
      <source>Focus message browser</source>
      <translation>메시지 브라우저로 이동</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="179" />
      <source>Focus consumer groups</source>
      <translation>컨슈머 그룹으로 이동</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="182" />
      <source>Light</source>
      <translation>밝게</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="183" />
      <source>Dark</source>
      <translation>어둡게</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="184" />
      <source>Full screen</source>
      <translation>전체 화면</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="185" />
      <source>Kafka topics…</source>
      <translation>Kafka 학습 주제…</translation>
    </message>
    <message>
      <location filename="../../gui/main_menus.py" line="186" />
      <source>About Kafka Lab</source>
      <translation>Kafka Lab 정보</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../gui/main_window.py" line="112" />
      <source>Copied {0}</source>
      <translation>{0} 복사됨</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="290" />
      <source>Kafka Lab</source>
      <translation>Kafka Lab</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="323" />
      <source>Event log</source>
      <translation>이벤트 로그</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="324" />
      <source>Throughput</source>
      <translation>처리량</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="325" />
      <source>Load generator</source>
      <translation>부하 생성기</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="326" />
      <source>Topics</source>
      <translation>토픽</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="327" />
      <source>Partition log</source>
      <translation>파티션 로그</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="328" />
      <source>Messages</source>
      <translation>메시지</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="329" />
      <source>Consumer groups</source>
      <translation>컨슈머 그룹</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="374" />
      <source>idle</source>
      <translation>대기</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="374" />
      <source>starting</source>
      <translation>시작 중</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="374" />
      <source>running</source>
      <translation>실행 중</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="375" />
      <source>stopped unexpectedly</source>
      <translation>예기치 않게 중단됨</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="375" />
      <source>stopped</source>
      <translation>정지됨</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="376" />
      <source>Engine: {0}</source>
      <translation>엔진: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="378" />
      <source>Starting the Kafka cluster…</source>
      <translation>Kafka 클러스터를 시작하는 중…</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="382" />
      <source>The engine stopped.</source>
      <translation>엔진이 멈췄습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="411" />
      <source>The engine stopped: this is the last state it reported.
{0}</source>
      <translation>엔진이 멈췄습니다. 아래는 엔진이 마지막으로 보고한 상태입니다.
{0}</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="432" />
      <source>{0} failed: {1}</source>
      <translation>{0} 실패: {1}</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="435" />
      <source>Preferred leaders elected for {0} partition(s)</source>
      <translation>파티션 {0}개의 선호 리더를 선출했습니다</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="498" />
      <source>Settings changed</source>
      <translation>설정 변경됨</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="499" />
      <source>The engine uses the new port and broker count when it restarts. Restart it now?</source>
      <translation>엔진은 재시작할 때 새 포트와 브로커 수를 사용합니다. 지금 재시작할까요?</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="506" />
      <source>Ports in use: {0}</source>
      <translation>사용 중인 포트: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="516" />
      <source>Storage changed</source>
      <translation>저장소 변경됨</translation>
    </message>
    <message>
      <location filename="../../gui/main_window.py" line="517" />
      <source>The new storage setting takes effect when the engine restarts. Restart it now?</source>
      <translation>새 저장소 설정은 엔진을 재시작해야 적용됩니다. 지금 재시작할까요?</translation>
    </message>
  </context>
  <context>
    <name>MemberModel</name>
    <message>
      <location filename="../../gui/models/group_models.py" line="178" />
      <source>Member</source>
      <translation>멤버</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="178" />
      <source>Client id</source>
      <translation>클라이언트 ID</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="178" />
      <source>Host</source>
      <translation>호스트</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="179" />
      <source>Assigned partitions</source>
      <translation>할당된 파티션</translation>
    </message>
    <message>
      <location filename="../../gui/models/group_models.py" line="196" />
      <source>(idle: no partition)</source>
      <translation>(유휴: 파티션 없음)</translation>
    </message>
  </context>
  <context>
    <name>MessageBrowserView</name>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="235" />
      <location filename="../../gui/views/message_browser_view.py" line="526" />
      <source>All partitions</source>
      <translation>모든 파티션</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="272" />
      <source>Opening {0}…</source>
      <translation>{0} 여는 중…</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="311" />
      <source>Partition {0} is empty</source>
      <translation>파티션 {0}이(가) 비어 있습니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="315" />
      <source>Offset {0} is outside {1}–{2}: showing {3}</source>
      <translation>오프셋 {0}은(는) {1}–{2} 범위 밖입니다: {3}을(를) 표시합니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="332" />
      <source>Looking up the first offset at {0} (ListOffsets)…</source>
      <translation>{0} 시점의 첫 오프셋을 찾는 중 (ListOffsets)…</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="336" />
      <source>No record at or after {0}: showing the newest</source>
      <translation>{0} 이후의 레코드가 없습니다: 가장 최근 레코드를 표시합니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="341" />
      <source>First record at or after {0}: partition {1}, offset {2}</source>
      <translation>{0} 이후 첫 레코드: 파티션 {1}, 오프셋 {2}</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="397" />
      <source>Searching…</source>
      <translation>검색 중…</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="405" />
      <source>{0} match(es) in {1} record(s) scanned — Clear shows every record</source>
      <translation>레코드 {1}건을 훑어 {0}건 일치 — 지우기를 누르면 모든 레코드를 보여 줍니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="454" />
      <source>Cancelled</source>
      <translation>취소됨</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="474" />
      <source>{0}: %p%</source>
      <translation>{0}: %p%</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="474" />
      <source>search</source>
      <translation>검색</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="474" />
      <source>export</source>
      <translation>내보내기</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="493" />
      <source>Partition {0}: offsets {1}–{2} ({3} records)</source>
      <translation>파티션 {0}: 오프셋 {1}–{2} (레코드 {3}건)</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="496" />
      <source>{0} partitions, {1} records (partition by partition)</source>
      <translation>파티션 {0}개, 레코드 {1}건 (파티션 순서대로)</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="523" />
      <source>Topic</source>
      <translation>토픽</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="524" />
      <source>Partition</source>
      <translation>파티션</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="527" />
      <source>Reload</source>
      <translation>다시 읽기</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="528" />
      <source>Read the watermarks again and reload</source>
      <translation>워터마크를 다시 읽고 새로 불러옵니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="529" />
      <source>Live tail</source>
      <translation>실시간 따라가기</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="530" />
      <source>Follow new records as they arrive</source>
      <translation>새 레코드가 들어오는 대로 따라갑니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="531" />
      <source>Value as</source>
      <translation>값 표시</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="535" />
      <source>Text</source>
      <translation>텍스트</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="535" />
      <source>Pretty JSON</source>
      <translation>JSON (정렬)</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="535" />
      <source>Hex</source>
      <translation>16진수</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="546" />
      <source>Search values and headers…</source>
      <translation>값과 헤더에서 검색…</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="547" />
      <source>Key contains…</source>
      <translation>키에 포함된 문자열…</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="548" />
      <source>Search</source>
      <translation>검색</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="549" />
      <source>Read every record of the topic/partition and list the matches</source>
      <translation>토픽/파티션의 모든 레코드를 읽어 일치하는 것을 보여 줍니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="550" />
      <source>Clear</source>
      <translation>지우기</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="551" />
      <source>Export…</source>
      <translation>내보내기…</translation>
    </message>
    <message>
      <location filename="../../gui/views/message_browser_view.py" line="552" />
      <source>Cancel</source>
      <translation>취소</translation>
    </message>
  </context>
  <context>
    <name>MessageModel</name>
    <message>
      <location filename="../../gui/models/message_model.py" line="295" />
      <source>Offset</source>
      <translation>오프셋</translation>
    </message>
    <message>
      <location filename="../../gui/models/message_model.py" line="295" />
      <source>Partition</source>
      <translation>파티션</translation>
    </message>
    <message>
      <location filename="../../gui/models/message_model.py" line="295" />
      <source>Timestamp</source>
      <translation>타임스탬프</translation>
    </message>
    <message>
      <location filename="../../gui/models/message_model.py" line="295" />
      <source>Key</source>
      <translation>키</translation>
    </message>
    <message>
      <location filename="../../gui/models/message_model.py" line="295" />
      <source>Value</source>
      <translation>값</translation>
    </message>
    <message>
      <location filename="../../gui/models/message_model.py" line="295" />
      <source>Headers</source>
      <translation>헤더</translation>
    </message>
    <message>
      <location filename="../../gui/models/message_model.py" line="296" />
      <source>Size</source>
      <translation>크기</translation>
    </message>
    <message>
      <location filename="../../gui/models/message_model.py" line="312" />
      <source>(no record at this offset)</source>
      <translation>(이 오프셋에는 레코드가 없음)</translation>
    </message>
  </context>
  <context>
    <name>PartitionLogView</name>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="196" />
      <location filename="../../gui/views/partition_log_view.py" line="300" />
      <source>leader</source>
      <translation>리더</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="198" />
      <source>broker {0}</source>
      <translation>브로커 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="245" />
      <source>Leader: none (partition offline) · ISR {0}</source>
      <translation>리더: 없음 (파티션 오프라인) · ISR {0}</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="248" />
      <source>Leader: broker {0} · epoch {1} · ISR {2} · {3:,} records readable (HW − log start) · {4} segment(s)</source>
      <translation>리더: 브로커 {0} · 에포크 {1} · ISR {2} · 읽을 수 있는 레코드 {3:,}건 (HW − 로그 시작) · 세그먼트 {4}개</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="266" />
      <source>Watching {0} ({1} file events)</source>
      <translation>{0} 감시 중 (파일 이벤트 {1}건)</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="269" />
      <source>No replica directory to watch (broker down?)</source>
      <translation>감시할 레플리카 디렉터리가 없습니다 (브로커 중단?)</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="285" />
      <source>Topic</source>
      <translation>토픽</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="286" />
      <source>Partition</source>
      <translation>파티션</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="287" />
      <source>Files of</source>
      <translation>파일 위치</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="288" />
      <source>Run retention now</source>
      <translation>지금 보존 정책 실행</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="290" />
      <source>Apply retention.ms / retention.bytes on every broker now instead of at the next periodic check</source>
      <translation>다음 주기 점검을 기다리지 않고 모든 브로커에서 retention.ms / retention.bytes를 지금 적용합니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="291" />
      <source>Replicas</source>
      <translation>레플리카</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="292" />
      <source>Segment files on disk</source>
      <translation>디스크의 세그먼트 파일</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="293" />
      <source>log start</source>
      <translation>로그 시작</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="293" />
      <source>HW</source>
      <translation>HW</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="293" />
      <source>LEO</source>
      <translation>LEO</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="294" />
      <source>deleted by retention</source>
      <translation>보존 정책으로 삭제됨</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="294" />
      <source>no records</source>
      <translation>레코드 없음</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="295" />
      <source>no leader</source>
      <translation>리더 없음</translation>
    </message>
    <message>
      <location filename="../../gui/views/partition_log_view.py" line="295" />
      <source>offset {0}
segment {1}</source>
      <translation>오프셋 {0}
세그먼트 {1}</translation>
    </message>
  </context>
  <context>
    <name>PlacementModel</name>
    <message>
      <location filename="../../gui/models/placement_model.py" line="210" />
      <source>leader</source>
      <translation>리더</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="211" />
      <source>in-sync follower</source>
      <translation>동기화된 팔로워</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="212" />
      <source>out-of-sync follower</source>
      <translation>뒤처진 팔로워</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="213" />
      <source>offline replica</source>
      <translation>오프라인 레플리카</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="221" />
      <source>Partition</source>
      <translation>파티션</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="221" />
      <source>Leader</source>
      <translation>리더</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="221" />
      <source>Epoch</source>
      <translation>에포크</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="221" />
      <source>ISR</source>
      <translation>ISR</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="223" />
      <source>Broker {0}</source>
      <translation>브로커 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="226" />
      <source>Leader epoch: bumped on every leader change</source>
      <translation>리더 에포크: 리더가 바뀔 때마다 1씩 증가합니다</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="228" />
      <source>In-sync replicas: followers caught up with the leader</source>
      <translation>ISR(In-Sync Replicas): 리더를 따라잡은 레플리카</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="256" />
      <source> (preferred)</source>
      <translation> (선호)</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="266" />
      <source>offline</source>
      <translation>오프라인</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="274" />
      <source>{0}-{1}: replicas {2}, preferred leader {3}{4}</source>
      <translation>{0}-{1}: 레플리카 {2}, 선호 리더 {3}{4}</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="276" />
      <source> — under-replicated</source>
      <translation> — 복제 부족</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="281" />
      <source>Broker {0} holds no replica of {1}-{2}</source>
      <translation>브로커 {0}에는 {1}-{2}의 레플리카가 없습니다</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="282" />
      <source>{0}-{1} on broker {2}: {3}</source>
      <translation>브로커 {2}의 {0}-{1}: {3}</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="285" />
      <source>preferred leader</source>
      <translation>선호 리더</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="288" />
      <source>LEO {0} · HW {1} · log start {2} · lag {3}</source>
      <translation>LEO {0} · HW {1} · 로그 시작 {2} · 지연 {3}</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="290" />
      <source>{0} bytes on disk</source>
      <translation>디스크 사용 {0}바이트</translation>
    </message>
    <message>
      <location filename="../../gui/models/placement_model.py" line="292" />
      <source>log not available (broker down)</source>
      <translation>로그를 볼 수 없음 (브로커 중단)</translation>
    </message>
  </context>
  <context>
    <name>PortDialog</name>
    <message>
      <location filename="../../gui/dialogs/port_dialog.py" line="24" />
      <source>Port in use</source>
      <translation>포트 사용 중</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/port_dialog.py" line="26" />
      <source>Port {0} is already in use on this computer (ports in use: {1}) — perhaps another Kafka is running. The lab's {2} brokers need {2} consecutive ports.</source>
      <translation>이 컴퓨터에서 포트 {0}을(를) 이미 사용하고 있습니다 (사용 중인 포트: {1}). 다른 Kafka가 실행 중일 수 있습니다. 실습용 브로커 {2}개에는 연속된 포트 {2}개가 필요합니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/port_dialog.py" line="30" />
      <source>Use ports starting at:</source>
      <translation>다음 포트부터 사용:</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/port_dialog.py" line="34" />
      <source>Let the system choose free ports</source>
      <translation>빈 포트를 시스템이 고르게 하기</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/port_dialog.py" line="37" />
      <source>Keep this port for later starts</source>
      <translation>다음 시작에도 이 포트 유지</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/port_dialog.py" line="40" />
      <source>Without it the other port is for this run only and the next start tries {0} again (the commands in the course notes use localhost:{0}). File → Settings can change it any time.</source>
      <translation>선택하지 않으면 다른 포트는 이번 실행에만 쓰이고, 다음 시작 때 다시 {0}을(를) 시도합니다(강의 노트의 명령은 localhost:{0}을 씁니다). 파일 → 설정에서 언제든 바꿀 수 있습니다.</translation>
    </message>
  </context>
  <context>
    <name>ProduceDialog</name>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="216" />
      <source>Use the partitioner</source>
      <translation>파티셔너 사용</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="218" />
      <source>partition {0}</source>
      <translation>파티션 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="271" />
      <source>The topic does not exist yet (the broker may create it)</source>
      <translation>토픽이 아직 없습니다 (브로커가 만들 수도 있습니다)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="249" />
      <source>Java client, kafka-console-producer, kafka-python (murmur2):</source>
      <translation>Java 클라이언트, kafka-console-producer, kafka-python (murmur2):</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="251" />
      <source>librdkafka's default: confluent-kafka, kcat (consistent_random, CRC32):</source>
      <translation>librdkafka 기본값: confluent-kafka, kcat (consistent_random, CRC32):</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="258" />
      <source>→ partition {0}</source>
      <translation>→ 파티션 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="260" />
      <source>no key: Java sticks to one partition per batch; kafka-python picks a random one per record</source>
      <translation>키 없음: Java는 배치마다 한 파티션에 붙고, kafka-python은 레코드마다 무작위로 고릅니다</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="263" />
      <source>no key (or an empty one): a random partition, kept per batch</source>
      <translation>키 없음(또는 빈 키): 무작위 파티션, 배치 동안 유지</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="268" />
      <source>This dialog sends to partition {0} (chosen: no partitioner runs)</source>
      <translation>이 대화상자는 파티션 {0}(으)로 보냅니다(직접 선택: 파티셔너가 동작하지 않음)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="273" />
      <source>This dialog sends with {0}: no key, so the partition is not predictable (sticky per batch)</source>
      <translation>이 대화상자는 {0}(으)로 보냅니다. 키가 없어 파티션을 예측할 수 없습니다(배치마다 고정)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="276" />
      <source>This dialog sends with {0} → partition {1} of {2}</source>
      <translation>이 대화상자는 {0}(으)로 보냅니다 → 파티션 {1} / {2}</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="287" />
      <source>Not valid JSON: {0}</source>
      <translation>올바른 JSON이 아닙니다: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="291" />
      <source>valid JSON</source>
      <translation>올바른 JSON</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="301" />
      <source>Records from a file</source>
      <translation>파일에서 레코드 읽기</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="302" />
      <source>Text files (*.txt *.jsonl *.csv *.log);;All files (*)</source>
      <translation>텍스트 파일 (*.txt *.jsonl *.csv *.log);;모든 파일 (*)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="318" />
      <source>Fix the JSON value first (or send it as text).</source>
      <translation>먼저 JSON 값을 고치세요 (또는 텍스트로 보내세요).</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="323" />
      <source>Headers must be name=value lines: {0}</source>
      <translation>헤더는 이름=값 형식의 줄이어야 합니다: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="347" />
      <source>Choose a topic.</source>
      <translation>토픽을 고르세요.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="351" />
      <source>Sending {0} record(s) with acks={1}…</source>
      <translation>acks={1}로 레코드 {0}건을 보내는 중…</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="364" />
      <source>Sent {0} of {1}…</source>
      <translation>{1}건 중 {0}건 보냄…</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="380" />
      <source>The brokers answered: {0}</source>
      <translation>브로커의 응답: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="397" />
      <source>Delivered to partition {0} at offset {1}</source>
      <translation>파티션 {0}의 오프셋 {1}에 저장되었습니다</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="399" />
      <source>Sent to partition {0} (acks=0: the broker does not answer with an offset)</source>
      <translation>파티션 {0}(으)로 보냈습니다 (acks=0: 브로커가 오프셋을 알려 주지 않습니다)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="405" />
      <source>Delivered {0} of {1} record(s) to partition(s) {2}, offsets {3}</source>
      <translation>레코드 {1}건 중 {0}건 저장: 파티션 {2}, 오프셋 {3}</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="409" />
      <source>{0} record(s) failed: {1}</source>
      <translation>레코드 {0}건 실패: {1}</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="425" />
      <source>Produce records</source>
      <translation>레코드 보내기</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="426" />
      <source>Topic</source>
      <translation>토픽</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="426" />
      <source>Key</source>
      <translation>키</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="426" />
      <source>Value</source>
      <translation>값</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="427" />
      <source>Headers</source>
      <translation>헤더</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="427" />
      <source>Partition</source>
      <translation>파티션</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="427" />
      <source>acks</source>
      <translation>acks</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="428" />
      <source>Count</source>
      <translation>개수</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="428" />
      <source>From file</source>
      <translation>파일에서</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="428" />
      <source>Partitioner</source>
      <translation>파티셔너</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="431" />
      <source>null key</source>
      <translation>null 키</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="432" />
      <source>e.g. user-42 (same key → same partition)</source>
      <translation>예: user-42 (같은 키 → 같은 파티션)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="433" />
      <source>one per line: name=value</source>
      <translation>한 줄에 하나씩: 이름=값</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="437" />
      <source>Text</source>
      <translation>텍스트</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="438" />
      <source>JSON (validated)</source>
      <translation>JSON (검증)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="441" />
      <source>0: fire and forget · 1: the leader has it · all: every in-sync replica has it</source>
      <translation>0: 보내고 확인하지 않음 · 1: 리더가 저장 · all: 모든 동기화 레플리카가 저장</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="442" />
      <source>Send the same record this many times</source>
      <translation>같은 레코드를 이 횟수만큼 보냅니다</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="443" />
      <source>murmur2 (the Java client's default)</source>
      <translation>murmur2 (Java 클라이언트 기본값)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="444" />
      <source>consistent_random (librdkafka's default, CRC32)</source>
      <translation>consistent_random (librdkafka 기본값, CRC32)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="445" />
      <source>How this dialog picks a partition for a keyed record when no partition is chosen</source>
      <translation>파티션을 직접 고르지 않았을 때 이 대화상자가 키 있는 레코드의 파티션을 정하는 방법</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="447" />
      <source>Choose…</source>
      <translation>선택…</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="448" />
      <source>key separator</source>
      <translation>키 구분자</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="449" />
      <source>Text before the first separator on a line is the key (empty: no keys)</source>
      <translation>각 줄에서 첫 구분자 앞의 텍스트가 키입니다 (비우면 키 없음)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="451" />
      <source>Send file</source>
      <translation>파일 보내기</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/produce.py" line="452" />
      <source>Send</source>
      <translation>보내기</translation>
    </message>
  </context>
  <context>
    <name>RecordDetail</name>
    <message>
      <location filename="../../gui/widgets/record_view.py" line="59" />
      <source>partition {0} · offset {1} · {2} · {3} bytes</source>
      <translation>파티션 {0} · 오프셋 {1} · {2} · {3}바이트</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/record_view.py" line="61" />
      <source>key: {0}</source>
      <translation>키: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/record_view.py" line="63" />
      <source>headers: {0}</source>
      <translation>헤더: {0}</translation>
    </message>
  </context>
  <context>
    <name>ReplicaModel</name>
    <message>
      <location filename="../../gui/models/partition_models.py" line="46" />
      <source>Broker</source>
      <translation>브로커</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="46" />
      <source>Role</source>
      <translation>역할</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="46" />
      <source>Log start</source>
      <translation>로그 시작</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="47" />
      <source>LEO</source>
      <translation>LEO</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="47" />
      <source>HW</source>
      <translation>HW</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="47" />
      <source>Lag</source>
      <translation>지연</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="48" />
      <source>In sync</source>
      <translation>동기화</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="48" />
      <source>Size</source>
      <translation>크기</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="50" />
      <source>Log start offset: the oldest offset still on disk</source>
      <translation>로그 시작 오프셋: 디스크에 남아 있는 가장 오래된 오프셋</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="51" />
      <source>Log end offset: the offset the next record will get</source>
      <translation>로그 끝 오프셋(LEO): 다음 레코드가 받을 오프셋</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="52" />
      <source>High watermark: records below it are on every in-sync replica and visible to consumers</source>
      <translation>하이 워터마크: 이보다 앞의 레코드는 모든 동기화 레플리카에 있으며 컨슈머에게 보입니다</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="54" />
      <source>How many records this replica is behind the leader's LEO</source>
      <translation>이 레플리카가 리더의 LEO보다 몇 레코드 뒤처졌는지</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="55" />
      <source>In the ISR (in-sync replica set)</source>
      <translation>ISR(동기화 레플리카 집합)에 포함됨</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="68" />
      <source>offline</source>
      <translation>오프라인</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="69" />
      <source>leader</source>
      <translation>리더</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="69" />
      <source>follower</source>
      <translation>팔로워</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="71" />
      <location filename="../../gui/models/partition_models.py" line="81" />
      <source>yes</source>
      <translation>예</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="71" />
      <location filename="../../gui/models/partition_models.py" line="81" />
      <source>no</source>
      <translation>아니요</translation>
    </message>
  </context>
  <context>
    <name>ResetOffsetsDialog</name>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="78" />
      <source>Reset offsets of {0}</source>
      <translation>{0}의 오프셋 재설정</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="86" />
      <source>Every topic the group has offsets for</source>
      <translation>그룹에 오프셋이 있는 모든 토픽</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="90" />
      <source>to-earliest: the oldest offset still in the log</source>
      <translation>to-earliest: 로그에 남은 가장 오래된 오프셋</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="91" />
      <source>to-latest: the log end (skip everything)</source>
      <translation>to-latest: 로그 끝 (모두 건너뜀)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="92" />
      <source>to-current: the committed offset (no change)</source>
      <translation>to-current: 커밋된 오프셋 (변경 없음)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="93" />
      <source>to-offset: a given offset</source>
      <translation>to-offset: 지정한 오프셋</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="94" />
      <source>shift-by: move by N (negative: back)</source>
      <translation>shift-by: N만큼 이동 (음수면 뒤로)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="95" />
      <source>to-datetime: the first offset at or after a time</source>
      <translation>to-datetime: 지정 시각 이후의 첫 오프셋</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="96" />
      <source>by-duration: the first offset at or after now − a duration</source>
      <translation>by-duration: (지금 − 기간) 이후의 첫 오프셋</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="107" />
      <source>ISO-8601 duration: PT15M, PT1H30M, P1DT2H…</source>
      <translation>ISO-8601 기간: PT15M, PT1H30M, P1DT2H…</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="111" />
      <source>(no parameter)</source>
      <translation>(매개변수 없음)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="116" />
      <source>Topic</source>
      <translation>토픽</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="116" />
      <source>Partition</source>
      <translation>파티션</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="116" />
      <source>Current offset</source>
      <translation>현재 오프셋</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="117" />
      <source>New offset</source>
      <translation>새 오프셋</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="117" />
      <source>Note</source>
      <translation>비고</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="123" />
      <source>Preview shows the new offsets without changing anything (a dry run).</source>
      <translation>미리 보기는 아무것도 바꾸지 않고 새 오프셋만 보여 줍니다 (dry run).</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="129" />
      <source>Preview (dry run)</source>
      <translation>미리 보기 (dry run)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="131" />
      <source>Execute</source>
      <translation>실행</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="140" />
      <source>Group</source>
      <translation>그룹</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="141" />
      <source>Topics</source>
      <translation>토픽</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="142" />
      <source>Strategy</source>
      <translation>전략</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="143" />
      <source>Parameter</source>
      <translation>매개변수</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="188" />
      <source>Computing the new offsets (OffsetFetch, ListOffsets)…</source>
      <translation>새 오프셋을 계산하는 중 (OffsetFetch, ListOffsets)…</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="197" />
      <source>Dry run: {0} partition(s) would change as shown. Execute commits them.</source>
      <translation>미리 보기: 파티션 {0}개가 표와 같이 바뀝니다. 실행을 누르면 커밋합니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="199" />
      <source>The group has no offsets to reset for this scope.</source>
      <translation>이 범위에는 재설정할 그룹 오프셋이 없습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="215" />
      <source>Committing the new offsets (AlterConsumerGroupOffsets)…</source>
      <translation>새 오프셋을 커밋하는 중 (AlterConsumerGroupOffsets)…</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="219" />
      <source>Offsets of {0} reset for {1} partition(s).</source>
      <translation>{0}의 오프셋을 파티션 {1}개에서 재설정했습니다.</translation>
    </message>
  </context>
  <context>
    <name>SegmentModel</name>
    <message>
      <location filename="../../gui/models/partition_models.py" line="138" />
      <source>Base offset</source>
      <translation>기준 오프셋</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="138" />
      <source>Records</source>
      <translation>레코드</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="138" />
      <source>Size</source>
      <translation>크기</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="139" />
      <source>Index</source>
      <translation>인덱스</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="139" />
      <source>First timestamp</source>
      <translation>첫 타임스탬프</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="140" />
      <source>Last timestamp</source>
      <translation>마지막 타임스탬프</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="140" />
      <source>File</source>
      <translation>파일</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="162" />
      <source>  (active)</source>
      <translation>  (활성)</translation>
    </message>
    <message>
      <location filename="../../gui/models/partition_models.py" line="166" />
      <source>Offset index + time index</source>
      <translation>오프셋 인덱스 + 타임 인덱스</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <location filename="../../gui/dialogs/settings_dialog.py" line="25" />
      <source>Settings</source>
      <translation>설정</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/settings_dialog.py" line="29" />
      <source>0 (any free port)</source>
      <translation>0 (빈 포트 아무거나)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/settings_dialog.py" line="31" />
      <source>Use {0} (Kafka's default)</source>
      <translation>{0} 사용 (Kafka 기본값)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/settings_dialog.py" line="40" />
      <source>Port of broker 0</source>
      <translation>브로커 0의 포트</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/settings_dialog.py" line="41" />
      <source>Brokers</source>
      <translation>브로커 수</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/settings_dialog.py" line="45" />
      <source>Broker i listens on port + i. The engine uses these at its next start.</source>
      <translation>브로커 i는 포트 + i에서 대기합니다. 엔진은 다음 시작 때 이 값을 사용합니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/settings_dialog.py" line="47" />
      <source>This run uses port {0} (chosen for this run only).</source>
      <translation>이번 실행은 포트 {0}을(를) 사용합니다(이번 실행에만 선택됨).</translation>
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
      <location filename="../../gui/views/throughput_view.py" line="106" />
      <source>Per broker</source>
      <translation>브로커별</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="106" />
      <source>in</source>
      <translation>수신</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="106" />
      <source>out</source>
      <translation>송신</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="107" />
      <source>Per topic</source>
      <translation>토픽별</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="107" />
      <source>produced</source>
      <translation>생산</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="107" />
      <source>fetched</source>
      <translation>소비</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="207" />
      <source>rate ({0})</source>
      <translation>속도 ({0})</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="212" />
      <source>↑ a burst above the scale, up to {0}</source>
      <translation>↑ 눈금 위로 튄 값, 최대 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="216" />
      <source>broker {0}</source>
      <translation>브로커 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/views/throughput_view.py" line="225" />
      <source>seconds ago</source>
      <translation>초 전</translation>
    </message>
  </context>
  <context>
    <name>TopicConfigsDialog</name>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="133" />
      <source>Configs of {0}</source>
      <translation>{0} 설정</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="137" />
      <source>Config</source>
      <translation>설정</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="137" />
      <source>Value</source>
      <translation>값</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="137" />
      <source>Source</source>
      <translation>출처</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="138" />
      <source>default</source>
      <translation>기본값</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="138" />
      <source>topic override</source>
      <translation>토픽 재정의</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="139" />
      <source>changed (not applied)</source>
      <translation>변경됨 (적용 전)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="140" />
      <source>(reset to default)</source>
      <translation>(기본값으로 되돌림)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="142" />
      <source>Filter configs…</source>
      <translation>설정 필터…</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="157" />
      <source>Reset to default</source>
      <translation>기본값으로 되돌리기</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="158" />
      <source>Remove the topic override: the broker default applies again</source>
      <translation>토픽 재정의를 지웁니다: 브로커 기본값이 다시 적용됩니다</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="160" />
      <source>Reload</source>
      <translation>다시 읽기</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="168" />
      <source>Apply</source>
      <translation>적용</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="189" />
      <source>Loading (DescribeConfigs)…</source>
      <translation>불러오는 중 (DescribeConfigs)…</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="195" />
      <source>{0} configs, {1} override(s). Double-click a value to edit it.</source>
      <translation>설정 {0}개, 재정의 {1}개. 값을 더블클릭하면 편집합니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="224" />
      <source>Nothing to apply.</source>
      <translation>적용할 변경이 없습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/topic_configs.py" line="228" />
      <source>Sending IncrementalAlterConfigs…</source>
      <translation>IncrementalAlterConfigs 요청을 보내는 중…</translation>
    </message>
  </context>
  <context>
    <name>TopicsModel</name>
    <message>
      <location filename="../../gui/models/topics_model.py" line="78" />
      <source>Topic</source>
      <translation>토픽</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="78" />
      <source>Partitions</source>
      <translation>파티션</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="78" />
      <source>RF</source>
      <translation>복제 계수</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="78" />
      <source>Under-replicated</source>
      <translation>복제 부족</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="78" />
      <source>Records</source>
      <translation>레코드</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="79" />
      <source>Size</source>
      <translation>크기</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="79" />
      <source>Internal</source>
      <translation>내부</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="81" />
      <source>Topic name</source>
      <translation>토픽 이름</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="81" />
      <source>Number of partitions</source>
      <translation>파티션 수</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="81" />
      <source>Replication factor</source>
      <translation>복제 계수</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="82" />
      <source>Partitions whose ISR is smaller than their replica set</source>
      <translation>ISR이 레플리카 집합보다 작은 파티션 수</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="83" />
      <source>Records readable now: Σ (high watermark − log start offset) over the partition leaders</source>
      <translation>지금 읽을 수 있는 레코드: 파티션 리더들의 Σ (하이 워터마크 − 로그 시작 오프셋)</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="84" />
      <source>Bytes on disk of one copy (the leaders' logs)</source>
      <translation>한 벌(리더 로그)의 디스크 사용량</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="85" />
      <source>Internal topics (e.g. __consumer_offsets) are managed by the cluster</source>
      <translation>내부 토픽(예: __consumer_offsets)은 클러스터가 관리합니다</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="112" />
      <source>yes</source>
      <translation>예</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="117" />
      <source>{0} on every replica together</source>
      <translation>모든 레플리카 합계 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="119" />
      <source>{0} partition(s) offline (no leader)</source>
      <translation>오프라인 파티션 {0}개 (리더 없음)</translation>
    </message>
    <message>
      <location filename="../../gui/models/topics_model.py" line="121" />
      <source>{0} config override(s)</source>
      <translation>설정 재정의 {0}개</translation>
    </message>
  </context>
  <context>
    <name>TopicsView</name>
    <message>
      <location filename="../../gui/views/topics_view.py" line="157" />
      <source>Topic {0} created</source>
      <translation>토픽 {0}을(를) 만들었습니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="164" />
      <source>Delete topic</source>
      <translation>토픽 삭제</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="165" />
      <source>Delete topic {0} and all its records? This cannot be undone.</source>
      <translation>토픽 {0}과(와) 모든 레코드를 삭제할까요? 되돌릴 수 없습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="172" />
      <source>Topic {0} deleted</source>
      <translation>토픽 {0}을(를) 삭제했습니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="175" />
      <source>Cannot delete {0}: {1}</source>
      <translation>{0}을(를) 삭제할 수 없습니다: {1}</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="207" />
      <source>Browse messages</source>
      <translation>메시지 보기</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="208" />
      <source>Partition log and replicas</source>
      <translation>파티션 로그와 레플리카</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="209" />
      <location filename="../../gui/views/topics_view.py" line="243" />
      <source>Produce…</source>
      <translation>레코드 보내기…</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="211" />
      <source>Edit configs…</source>
      <translation>설정 편집…</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="212" />
      <location filename="../../gui/views/topics_view.py" line="240" />
      <source>Add partitions…</source>
      <translation>파티션 추가…</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="213" />
      <location filename="../../gui/views/topics_view.py" line="239" />
      <source>Delete…</source>
      <translation>삭제…</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="231" />
      <source>{0} of {1} topics</source>
      <translation>토픽 {1}개 중 {0}개</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="234" />
      <source>Filter topics…</source>
      <translation>토픽 필터…</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="235" />
      <source>Internal topics</source>
      <translation>내부 토픽</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="236" />
      <source>Show __consumer_offsets and other internal topics</source>
      <translation>__consumer_offsets 등 내부 토픽도 표시합니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="237" />
      <source>New…</source>
      <translation>새로 만들기…</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="238" />
      <source>Create a topic (CreateTopics) (Ctrl+N)</source>
      <translation>토픽을 만듭니다 (CreateTopics) (Ctrl+N)</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="241" />
      <source>Configs…</source>
      <translation>설정…</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="242" />
      <source>DescribeConfigs: defaults and overrides; edit and apply</source>
      <translation>DescribeConfigs: 기본값과 재정의를 보고 편집해 적용합니다</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="244" />
      <source>Browse</source>
      <translation>보기</translation>
    </message>
    <message>
      <location filename="../../gui/views/topics_view.py" line="245" />
      <source>Open the topic in the message browser (double-click)</source>
      <translation>메시지 브라우저에서 토픽을 엽니다 (더블클릭)</translation>
    </message>
  </context>
  <context>
    <name>app</name>
    <message>
      <location filename="../../gui/app.py" line="151" />
      <source>Kafka Lab</source>
      <translation>Kafka Lab</translation>
    </message>
    <message>
      <location filename="../../gui/app.py" line="151" />
      <source>Attaching to an existing cluster ({0}) is not supported yet. Start Kafka Lab without --attach to use its built-in cluster.</source>
      <translation>기존 클러스터({0})에 연결하는 기능은 아직 지원하지 않습니다. 내장 클러스터를 쓰려면 --attach 없이 Kafka Lab을 시작하세요.</translation>
    </message>
  </context>
</TS>
