<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
  <context>
    <name>AttachControls</name>
    <message>
      <location filename="../../gui/attach_controls.py" line="108" />
      <source>(read-only)</source>
      <translation>(읽기 전용)</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="123" />
      <source>read-only connection {0}</source>
      <translation>읽기 전용 연결 {0}</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="176" />
      <source>an external cluster's brokers are not Kafka Lab's to kill</source>
      <translation>외부 클러스터의 브로커는 Kafka Lab이 강제 종료할 수 없습니다</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="177" />
      <source>an external cluster's brokers are not Kafka Lab's to pause</source>
      <translation>외부 클러스터의 브로커는 Kafka Lab이 일시 정지할 수 없습니다</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="178" />
      <source>an external cluster's brokers are not Kafka Lab's to restart</source>
      <translation>외부 클러스터의 브로커는 Kafka Lab이 재시작할 수 없습니다</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="179" />
      <source>replication speed is the external brokers' own</source>
      <translation>복제 속도는 외부 브로커가 정합니다</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="180" />
      <source>segment files are on the brokers' disks</source>
      <translation>세그먼트 파일은 브로커의 디스크에 있습니다</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="181" />
      <source>messages and bytes in/out are broker metrics (JMX), not in the Kafka protocol: the throughput charts stay empty</source>
      <translation>메시지·바이트 입출력은 브로커 메트릭(JMX)이며 Kafka 프로토콜에는 없습니다: 처리량 차트는 비어 있습니다</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="183" />
      <source>no event stream: an external cluster's changes show in the next image, not as events here</source>
      <translation>이벤트 스트림이 없습니다: 외부 클러스터의 변화는 여기 이벤트가 아니라 다음 이미지에 나타납니다</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="204" />
      <source>only in the embedded lab: Kafka Lab runs its brokers</source>
      <translation>내장 랩에서만 가능합니다: 그 브로커는 Kafka Lab이 실행합니다</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="227" />
      <source>Only the leader's log start and high watermark come through the Kafka protocol (ListOffsets): followers' offsets, the leader's log end and segment files stay on the brokers.</source>
      <translation>Kafka 프로토콜(ListOffsets)로는 리더의 로그 시작 오프셋과 하이 워터마크만 알 수 있습니다: 팔로워의 오프셋, 리더의 로그 끝, 세그먼트 파일은 브로커에만 있습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="232" />
      <source>The load generator needs the embedded lab: it creates its topic through the engine and audits deliveries against the leader's log.</source>
      <translation>부하 생성기는 내장 랩이 필요합니다: 엔진을 통해 토픽을 만들고 리더의 로그와 전달을 대조합니다.</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="254" />
      <source>Connecting to {0}…</source>
      <translation>{0}에 연결하는 중…</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="258" />
      <source>Connect to cluster…</source>
      <translation>클러스터에 연결…</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="259" />
      <source>Attach to any Kafka cluster: bootstrap servers, SASL, TLS, saved profiles</source>
      <translation>어떤 Kafka 클러스터에도 연결: 부트스트랩 서버, SASL, TLS, 저장된 프로필</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="261" />
      <source>Embedded lab</source>
      <translation>내장 랩</translation>
    </message>
    <message>
      <location filename="../../gui/attach_controls.py" line="262" />
      <source>Cluster</source>
      <translation>클러스터</translation>
    </message>
  </context>
  <context>
    <name>ClusterBadge</name>
    <message>
      <location filename="../../gui/widgets/cluster_badge.py" line="58" />
      <source>Embedded lab</source>
      <translation>내장 랩</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/cluster_badge.py" line="59" />
      <source>The cluster Kafka Lab runs on this machine</source>
      <translation>Kafka Lab이 이 컴퓨터에서 실행하는 클러스터</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/cluster_badge.py" line="66" />
      <source>read-only</source>
      <translation>읽기 전용</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/cluster_badge.py" line="69" />
      <source>External cluster {0} ({1}), read-only: nothing here can change it</source>
      <translation>외부 클러스터 {0} ({1}), 읽기 전용: 여기서는 아무것도 바꿀 수 없습니다</translation>
    </message>
    <message>
      <location filename="../../gui/widgets/cluster_badge.py" line="71" />
      <source>External cluster {0} ({1}): what you do here changes that cluster</source>
      <translation>외부 클러스터 {0} ({1}): 여기서 하는 작업은 그 클러스터를 바꿉니다</translation>
    </message>
  </context>
  <context>
    <name>ConnectDialog</name>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="211" />
      <source>Enter the password: it is not stored on this machine.</source>
      <translation>비밀번호를 입력하세요: 이 컴퓨터에 저장되어 있지 않습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="218" />
      <location filename="../../gui/dialogs/connect_dialog.py" line="369" />
      <source>New connection</source>
      <translation>새 연결</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="254" />
      <source>Asking {0} for its metadata…</source>
      <translation>{0}에 메타데이터를 요청하는 중…</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="259" />
      <source>Connected: cluster {0}, {1} brokers, {2} topics</source>
      <translation>연결됨: 클러스터 {0}, 브로커 {1}개, 토픽 {2}개</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="265" />
      <source>Cannot connect: {0}</source>
      <translation>연결할 수 없습니다: {0}</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="288" />
      <source>The password is in the OS keyring.</source>
      <translation>비밀번호는 OS 키링에 있습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="290" />
      <source>No OS keyring is available: the password is not saved (kept for this session only, asked for again next time).</source>
      <translation>OS 키링이 없습니다: 비밀번호는 저장되지 않습니다(이번 세션에만 보관되며 다음에 다시 묻습니다).</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="292" />
      <source>Profile {0} saved.</source>
      <translation>프로필 {0}을(를) 저장했습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="302" />
      <source>Profile {0} deleted.</source>
      <translation>프로필 {0}을(를) 삭제했습니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="317" />
      <location filename="../../gui/dialogs/connect_dialog.py" line="346" />
      <source>Status line colour</source>
      <translation>상태 표시줄 색</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="325" />
      <source>Default ({0})</source>
      <translation>기본값 ({0})</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="328" />
      <source>Choose a PEM file</source>
      <translation>PEM 파일 선택</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="329" />
      <source>PEM files (*.pem *.crt *.key *.cer);;All files (*)</source>
      <translation>PEM 파일 (*.pem *.crt *.key *.cer);;모든 파일 (*)</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="341" />
      <source>Connect to cluster</source>
      <translation>클러스터에 연결</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="342" />
      <source>Saved profiles</source>
      <translation>저장된 프로필</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="343" />
      <source>Delete profile</source>
      <translation>프로필 삭제</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="344" />
      <source>Profile name</source>
      <translation>프로필 이름</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="344" />
      <source>Bootstrap servers</source>
      <translation>부트스트랩 서버</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="345" />
      <source>Client id</source>
      <translation>클라이언트 ID</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="345" />
      <source>Security protocol</source>
      <translation>보안 프로토콜</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="346" />
      <source>Read-only</source>
      <translation>읽기 전용</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="348" />
      <source>Disable every action that changes this cluster</source>
      <translation>이 클러스터를 바꾸는 모든 작업을 비활성화</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="349" />
      <source>SASL</source>
      <translation>SASL</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="350" />
      <source>Mechanism</source>
      <translation>메커니즘</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="350" />
      <source>User name</source>
      <translation>사용자 이름</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="350" />
      <source>Password</source>
      <translation>비밀번호</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="353" />
      <source>TLS</source>
      <translation>TLS</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="354" />
      <source>CA file</source>
      <translation>CA 파일</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="354" />
      <source>Certificate file</source>
      <translation>인증서 파일</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="354" />
      <source>Key file</source>
      <translation>키 파일</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="355" />
      <source>Key password</source>
      <translation>키 비밀번호</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="355" />
      <source>Check the host name</source>
      <translation>호스트 이름 확인</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="358" />
      <source>the broker's certificate must name its host</source>
      <translation>브로커 인증서에 호스트 이름이 있어야 함</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="360" />
      <source>Passwords are kept in the OS keyring, never in the settings file.</source>
      <translation>비밀번호는 설정 파일이 아니라 OS 키링에 보관됩니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="362" />
      <source>No OS keyring is available: passwords are not saved, only kept for this session.</source>
      <translation>OS 키링이 없습니다: 비밀번호는 저장되지 않고 이번 세션에만 보관됩니다.</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="363" />
      <source>Test connection</source>
      <translation>연결 테스트</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="364" />
      <source>Save profile</source>
      <translation>프로필 저장</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="365" />
      <source>Connect</source>
      <translation>연결</translation>
    </message>
    <message>
      <location filename="../../gui/dialogs/connect_dialog.py" line="366" />
      <source>Close</source>
      <translation>닫기</translation>
    </message>
  </context>
  <context>
    <name>ExternalBridge</name>
    <message>
      <location filename="../../gui/external_session.py" line="95" />
      <source>only the embedded lab runs {0}</source>
      <translation>{0}은(는) 내장 랩에서만 실행됩니다</translation>
    </message>
  </context>
  <context>
    <name>ExternalSession</name>
    <message>
      <location filename="../../gui/external_session.py" line="201" />
      <source>Cannot reach {0}: {1}</source>
      <translation>{0}에 연결할 수 없습니다: {1}</translation>
    </message>
  </context>
  <context>
    <name>GroupsView</name>
    <message>
      <location filename="../../gui/views/groups_view.py" line="332" />
      <source>Delete consumer group {0} and its committed offsets on cluster {1}?</source>
      <translation>클러스터 {1}에서 컨슈머 그룹 {0}과(와) 커밋된 오프셋을 삭제할까요?</translation>
    </message>
  </context>
  <context>
    <name>ReadOnly</name>
    <message>
      <location filename="../../gui/widgets/read_only.py" line="16" />
      <source>Read-only: {0}</source>
      <translation>읽기 전용: {0}</translation>
    </message>
  </context>
  <context>
    <name>TopicsView</name>
    <message>
      <location filename="../../gui/views/topics_view.py" line="174" />
      <source>Delete topic {0} and all its records on cluster {1}? This cannot be undone.</source>
      <translation>클러스터 {1}에서 토픽 {0}과(와) 모든 레코드를 삭제할까요? 되돌릴 수 없습니다.</translation>
    </message>
  </context>
  <context>
    <name>ResetOffsetsDialog</name>
    <message>
      <location filename="../../gui/dialogs/reset_offsets.py" line="72" />
      <source>Reset offsets of {0} on cluster {1}</source>
      <translation>클러스터 {1}에서 {0}의 오프셋 재설정</translation>
    </message>
  </context>
</TS>
