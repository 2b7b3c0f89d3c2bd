<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>Bridge</name>
    <message>
        <source>replaying a session: commands are off until Live</source>
        <translation>세션 재생 중: 라이브로 돌아갈 때까지 명령을 쓸 수 없습니다</translation>
    </message>
</context>
<context>
    <name>GroupOffsetsModel</name>
    <message>
        <source>Behind</source>
        <translation>지연 시간</translation>
    </message>
    <message>
        <source>Clears in</source>
        <translation>해소 예상</translation>
    </message>
    <message>
        <source>Lag in time: how long ago the oldest record the group has not consumed was written</source>
        <translation>시간 단위 지연: 그룹이 아직 소비하지 않은 가장 오래된 레코드가 얼마나 전에 쓰였는지</translation>
    </message>
    <message>
        <source>When the lag is gone at the current consume and produce rates</source>
        <translation>현재 소비·생산 속도로 지연이 사라지기까지 걸리는 시간</translation>
    </message>
    <message>
        <source>never (growing)</source>
        <translation>해소 안 됨 (증가 중)</translation>
    </message>
</context>
<context>
    <name>TimeMachine</name>
    <message>
        <source>Record session…</source>
        <translation>세션 녹화…</translation>
    </message>
    <message>
        <source>Save session…</source>
        <translation>세션 저장…</translation>
    </message>
    <message>
        <source>Open session…</source>
        <translation>세션 열기…</translation>
    </message>
    <message>
        <source>Record session</source>
        <translation>세션 녹화</translation>
    </message>
    <message>
        <source>Kafka Lab sessions (*{0})</source>
        <translation>Kafka Lab 세션 (*{0})</translation>
    </message>
    <message>
        <source>Recording the session to {0}</source>
        <translation>세션을 {0}에 녹화하는 중</translation>
    </message>
    <message>
        <source>Session saved to {0}</source>
        <translation>세션을 {0}에 저장했습니다</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>세션 저장</translation>
    </message>
    <message>
        <source>Session saved to {0} ({1} kB)</source>
        <translation>세션을 {0}에 저장했습니다 ({1} kB)</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>세션 열기</translation>
    </message>
    <message>
        <source>the recording holds no image</source>
        <translation>녹화에 클러스터 이미지가 없습니다</translation>
    </message>
    <message>
        <source>live</source>
        <translation>라이브</translation>
    </message>
    <message>
        <source>replay — {0}</source>
        <translation>재생 — {0}</translation>
    </message>
</context>
<context>
    <name>TimelineBar</name>
    <message>
        <source>Live</source>
        <translation>라이브</translation>
    </message>
    <message>
        <source>Back to the present cluster</source>
        <translation>현재 클러스터로 돌아가기</translation>
    </message>
    <message>
        <source>Previous event (←)</source>
        <translation>이전 이벤트 (←)</translation>
    </message>
    <message>
        <source>Next event (→)</source>
        <translation>다음 이벤트 (→)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시정지</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>재생</translation>
    </message>
    <message>
        <source>Replay speed</source>
        <translation>재생 속도</translation>
    </message>
    <message>
        <source>Drag to see the cluster as it was; ← → step from event to event</source>
        <translation>끌어서 그때의 클러스터를 봅니다. ← → 로 이벤트 단위 이동</translation>
    </message>
</context>
</TS>
