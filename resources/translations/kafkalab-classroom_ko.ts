<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AcksLedgerModel</name>
    <message>
        <source>Produce dialog</source>
        <translation>프로듀스 대화상자</translation>
    </message>
    <message>
        <source>Load generator #{0}</source>
        <translation>부하 생성기 #{0}</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>프로듀서</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>토픽</translation>
    </message>
    <message>
        <source>acks</source>
        <translation>acks</translation>
    </message>
    <message>
        <source>Acked</source>
        <translation>확인됨</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>저장됨</translation>
    </message>
    <message>
        <source>Leader only</source>
        <translation>리더에만</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>유실</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>The app's own producers: each load generator run, the produce dialog per topic and acks</source>
        <translation>앱의 프로듀서들: 부하 생성기는 실행마다, 프로듀스 대화상자는 토픽과 acks마다</translation>
    </message>
    <message>
        <source>The topic it wrote to</source>
        <translation>레코드를 쓴 토픽</translation>
    </message>
    <message>
        <source>0: fire and forget · 1: the leader has it · all: every in-sync replica has it</source>
        <translation>0: 보내고 잊기 · 1: 리더가 받음 · all: 모든 in-sync 레플리카가 받음</translation>
    </message>
    <message>
        <source>Acknowledged: records the producer got a successful delivery report for</source>
        <translation>확인됨: 프로듀서가 성공 전달 보고를 받은 레코드</translation>
    </message>
    <message>
        <source>Of those, records below the leader's high watermark: every in-sync replica has them</source>
        <translation>그중 리더의 하이 워터마크 아래에 있는 레코드: 모든 in-sync 레플리카가 가지고 있습니다</translation>
    </message>
    <message>
        <source>Acknowledged and in the leader's log, but not yet copied to the in-sync replicas (acks=1): a leader crash now would lose them</source>
        <translation>확인되어 리더의 로그에 있지만 아직 in-sync 레플리카로 복사되지 않은 레코드(acks=1): 지금 리더가 죽으면 유실됩니다</translation>
    </message>
    <message>
        <source>Acknowledged but no longer in the leader's log: the leader that acknowledged them died before its followers copied them, and a follower without them became leader</source>
        <translation>확인되었지만 더 이상 리더의 로그에 없는 레코드: 확인해 준 리더가 팔로워가 복사하기 전에 죽었고, 그 레코드가 없는 팔로워가 리더가 되었습니다</translation>
    </message>
    <message>
        <source>Records the producer gave up on (a failed delivery report)</source>
        <translation>프로듀서가 포기한 레코드(실패한 전달 보고)</translation>
    </message>
    <message>
        <source>acks=0: the broker answers nothing, so there are no offsets to check</source>
        <translation>acks=0: 브로커가 아무것도 응답하지 않으므로 확인할 오프셋이 없습니다</translation>
    </message>
    <message>
        <source>The partition has no leader: its log cannot be read now</source>
        <translation>파티션에 리더가 없습니다: 지금은 로그를 읽을 수 없습니다</translation>
    </message>
</context>
<context>
    <name>AcksLedgerView</name>
    <message>
        <source>{0} acknowledged record(s) of {1} are lost: with acks={2} the leader acknowledged them alone and died before a follower copied them.</source>
        <translation>{1}의 확인된 레코드 {0}개가 유실되었습니다: acks={2}에서는 리더 혼자 확인해 주었고, 팔로워가 복사하기 전에 리더가 죽었습니다.</translation>
    </message>
    <message>
        <source>{0}: {1} acknowledged — the log cannot be checked now</source>
        <translation>{0}: {1}개 확인됨 — 지금은 로그를 확인할 수 없습니다</translation>
    </message>
    <message>
        <source>{0}: every acknowledged record is in the leader's log ({1} stored, {2} on the leader only).</source>
        <translation>{0}: 확인된 레코드가 모두 리더의 로그에 있습니다(저장됨 {1}, 리더에만 {2}).</translation>
    </message>
    <message>
        <source>What each of the app's producers was told (acknowledged) against what the partition's leader holds now.</source>
        <translation>앱의 각 프로듀서가 받은 확인(acknowledged)과 지금 파티션 리더가 가진 것을 비교합니다.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
</context>
<context>
    <name>Classroom</name>
    <message>
        <source>Record flow</source>
        <translation>레코드 흐름</translation>
    </message>
    <message>
        <source>Acks ledger</source>
        <translation>acks 장부</translation>
    </message>
    <message>
        <source>Controller</source>
        <translation>컨트롤러</translation>
    </message>
</context>
<context>
    <name>PresenterActions</name>
    <message>
        <source>Presenter</source>
        <translation>발표자</translation>
    </message>
    <message>
        <source>Presenter mode</source>
        <translation>발표자 모드</translation>
    </message>
    <message>
        <source>Large fonts, high contrast, thick lines, the admin docks hidden</source>
        <translation>큰 글꼴, 고대비, 굵은 선, 관리용 도크 숨김</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>확대</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>축소</translation>
    </message>
    <message>
        <source>Reset zoom (×{0})</source>
        <translation>배율 초기화(×{0})</translation>
    </message>
</context>
<context>
    <name>RecordFlowView</name>
    <message>
        <source>+{0:.1f} s</source>
        <translation>+{0:.1f}초</translation>
    </message>
    <message>
        <source>Waiting for a record on {0}…</source>
        <translation>{0}에 레코드가 오기를 기다리는 중…</translation>
    </message>
    <message>
        <source>Choose a topic</source>
        <translation>토픽을 고르세요</translation>
    </message>
    <message>
        <source>Record at offset {0} of {1}-{2}</source>
        <translation>{1}-{2}의 오프셋 {0} 레코드</translation>
    </message>
    <message>
        <source>LOST</source>
        <translation>유실됨</translation>
    </message>
    <message>
        <source>read once the high watermark passes it</source>
        <translation>하이 워터마크가 지나가면 읽습니다</translation>
    </message>
    <message>
        <source>key {0}</source>
        <translation>키 {0}</translation>
    </message>
    <message>
        <source>null key</source>
        <translation>null 키</translation>
    </message>
    <message>
        <source>partition {0} (the key is not read yet)</source>
        <translation>파티션 {0} (키를 아직 읽지 않음)</translation>
    </message>
    <message>
        <source>no key: today's clients stick to one partition per batch (sticky partitioner); older ones went round-robin → partition {0}</source>
        <translation>키 없음: 요즘 클라이언트는 배치마다 한 파티션에 붙습니다(스티키 파티셔너). 예전 클라이언트는 라운드 로빈이었습니다 → 파티션 {0}</translation>
    </message>
    <message>
        <source>crc32(key) = {0}
% {1} = {2}
(librdkafka's default, consistent_random)</source>
        <translation>crc32(key) = {0}
% {1} = {2}
(librdkafka 기본값, consistent_random)</translation>
    </message>
    <message>
        <source>murmur2(key) = {0}
&amp; 0x7fffffff = {1}
% {2} = {3}</source>
        <translation>murmur2(key) = {0}
&amp; 0x7fffffff = {1}
% {2} = {3}</translation>
    </message>
    <message>
        <source>but it is in partition {0}: the producer chose it (or another partitioner)</source>
        <translation>하지만 파티션 {0}에 있습니다: 프로듀서가 직접 골랐습니다(또는 다른 파티셔너)</translation>
    </message>
    <message>
        <source>no leader: the partition is offline</source>
        <translation>리더 없음: 파티션이 오프라인입니다</translation>
    </message>
    <message>
        <source>leader broker {0} (epoch {1}) wrote it at offset {2}
log end offset {3}</source>
        <translation>리더 브로커 {0}(에포크 {1})가 오프셋 {2}에 썼습니다
로그 끝 오프셋 {3}</translation>
    </message>
    <message>
        <source>leader broker {0}: waiting for offset {1}</source>
        <translation>리더 브로커 {0}: 오프셋 {1}을 기다리는 중</translation>
    </message>
    <message>
        <source>no followers (replication factor 1)</source>
        <translation>팔로워 없음(복제 계수 1)</translation>
    </message>
    <message>
        <source>broker {0}: down</source>
        <translation>브로커 {0}: 다운</translation>
    </message>
    <message>
        <source>broker {0}: LEO {1} ✓</source>
        <translation>브로커 {0}: LEO {1} ✓</translation>
    </message>
    <message>
        <source>broker {0}: LEO {1}, fetching…</source>
        <translation>브로커 {0}: LEO {1}, 가져오는 중…</translation>
    </message>
    <message>
        <source>(out of sync)</source>
        <translation>(동기화 안 됨)</translation>
    </message>
    <message>
        <source>lost: the new leader never had it (its log ends at {0})</source>
        <translation>유실: 새 리더는 이 레코드를 가진 적이 없습니다(로그가 {0}에서 끝남)</translation>
    </message>
    <message>
        <source>high watermark {0} &gt; {1}: committed to the ISR, consumers may read it</source>
        <translation>하이 워터마크 {0} &gt; {1}: ISR에 커밋되어 컨슈머가 읽을 수 있습니다</translation>
    </message>
    <message>
        <source>high watermark {0}: waiting for the in-sync replicas</source>
        <translation>하이 워터마크 {0}: in-sync 레플리카를 기다리는 중</translation>
    </message>
    <message>
        <source>a consumer fetched from offset {0}: it has the record</source>
        <translation>컨슈머가 오프셋 {0}부터 가져갔습니다: 레코드를 받았습니다</translation>
    </message>
    <message>
        <source>no consumer has fetched from this partition yet</source>
        <translation>아직 이 파티션에서 가져간 컨슈머가 없습니다</translation>
    </message>
    <message>
        <source>consumers are at offset {0}</source>
        <translation>컨슈머는 오프셋 {0}에 있습니다</translation>
    </message>
    <message>
        <source>no group has committed an offset here</source>
        <translation>여기에 오프셋을 커밋한 그룹이 없습니다</translation>
    </message>
    <message>
        <source>group {0}: committed {1}</source>
        <translation>그룹 {0}: 커밋 {1}</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>토픽</translation>
    </message>
    <message>
        <source>Follow the newest record</source>
        <translation>가장 새 레코드 따라가기</translation>
    </message>
    <message>
        <source>Follow each new record once the last one is done (or stuck) for {0} s</source>
        <translation>이전 레코드가 끝나고(또는 멈추고) {0}초가 지나면 새 레코드를 따라갑니다</translation>
    </message>
    <message>
        <source>Next record</source>
        <translation>다음 레코드</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Partitioner</source>
        <translation>파티셔너</translation>
    </message>
    <message>
        <source>Leader append</source>
        <translation>리더에 추가</translation>
    </message>
    <message>
        <source>Followers fetch</source>
        <translation>팔로워가 가져감</translation>
    </message>
    <message>
        <source>High watermark</source>
        <translation>하이 워터마크</translation>
    </message>
    <message>
        <source>Consumer fetch</source>
        <translation>컨슈머가 가져감</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>커밋</translation>
    </message>
</context>
<context>
    <name>ZoomControl</name>
    <message>
        <source>Presenter ×{0:g}</source>
        <translation>발표자 ×{0:g}</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>축소(Ctrl+-)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+=)</source>
        <translation>확대(Ctrl+=)</translation>
    </message>
</context>
<context>
    <name>ControllerView</name>
    <message>
        <source>Waiting for the controller…</source>
        <translation>컨트롤러를 기다리는 중…</translation>
    </message>
    <message>
        <source>Active controller: the engine process {0} (a KRaft quorum of one, on no broker) · metadata log offset {1} · {2} decision(s)</source>
        <translation>활성 컨트롤러: 엔진 프로세스 {0}(노드 하나짜리 KRaft 쿼럼, 어느 브로커에도 없음) · 메타데이터 로그 오프셋 {1} · 결정 {2}개</translation>
    </message>
    <message>
        <source>Each broker sends a heartbeat every {0} ms (broker.heartbeat.interval.ms); one silent for {1} ms (broker.session.timeout.ms) is fenced — a killed one at once.</source>
        <translation>각 브로커는 {0} ms마다 하트비트를 보냅니다(broker.heartbeat.interval.ms). {1} ms 동안 조용한 브로커는 펜싱됩니다(broker.session.timeout.ms). 강제 종료된 브로커는 즉시 펜싱됩니다.</translation>
    </message>
    <message>
        <source>Broker registrations and heartbeats</source>
        <translation>브로커 등록과 하트비트</translation>
    </message>
    <message>
        <source>Metadata log (newest first)</source>
        <translation>메타데이터 로그(최신순)</translation>
    </message>
</context>
<context>
    <name>MetadataLogModel</name>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Metadata record</source>
        <translation>메타데이터 레코드</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>결정</translation>
    </message>
    <message>
        <source>The record the controller appended to the metadata log (__cluster_metadata); every broker applies it</source>
        <translation>컨트롤러가 메타데이터 로그(__cluster_metadata)에 추가한 레코드. 모든 브로커가 이를 적용합니다</translation>
    </message>
</context>
<context>
    <name>SessionsModel</name>
    <message>
        <source>not registered</source>
        <translation>등록 안 됨</translation>
    </message>
    <message>
        <source>fenced</source>
        <translation>펜싱됨</translation>
    </message>
    <message>
        <source>registered · alive</source>
        <translation>등록됨 · 살아 있음</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>브로커</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>세션</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>마지막 하트비트</translation>
    </message>
    <message>
        <source>broker {0}</source>
        <translation>브로커 {0}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>{0:.1f} s ago</source>
        <translation>{0:.1f}초 전</translation>
    </message>
</context>
</TS>
