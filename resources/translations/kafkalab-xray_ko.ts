<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ko_KR">
<context>
    <name>ClientsTableModel</name>
    <message>
        <location filename="../../gui/models/xray_model.py" line="181" />
        <source>Broker</source>
        <translation>브로커</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="181" />
        <source>Client</source>
        <translation>클라이언트</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="181" />
        <source>Software</source>
        <translation>소프트웨어</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="181" />
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="182" />
        <source>Since</source>
        <translation>연결 시각</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="182" />
        <source>Requests/s</source>
        <translation>요청/초</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="182" />
        <source>Bytes in</source>
        <translation>받은 바이트</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="182" />
        <source>Bytes out</source>
        <translation>보낸 바이트</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="183" />
        <source>APIs</source>
        <translation>API</translation>
    </message>
</context>
<context>
    <name>ClientsView</name>
    <message>
        <location filename="../../gui/views/clients_view.py" line="75" />
        <source>{0} connection(s) on {1} broker(s). Requests and bytes are counted while this view or the X-ray is open.</source>
        <translation>브로커 {1}개에 연결 {0}개. 요청과 바이트는 이 보기나 X-레이가 열려 있는 동안 집계됩니다.</translation>
    </message>
    <message>
        <location filename="../../gui/views/clients_view.py" line="81" />
        <source>Requests and bytes are counted while this view or the X-ray is open.</source>
        <translation>요청과 바이트는 이 보기나 X-레이가 열려 있는 동안 집계됩니다.</translation>
    </message>
    <message>
        <location filename="../../gui/views/clients_view.py" line="84" />
        <source>Clients</source>
        <translation>클라이언트</translation>
    </message>
</context>
<context>
    <name>DebugDocks</name>
    <message>
        <location filename="../../gui/views/debug_docks.py" line="58" />
        <source>&amp;Debug</source>
        <translation>디버그(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gui/views/debug_docks.py" line="59" />
        <source>Protocol X-ray</source>
        <translation>프로토콜 X-레이</translation>
    </message>
    <message>
        <location filename="../../gui/views/debug_docks.py" line="60" />
        <source>Clients</source>
        <translation>클라이언트</translation>
    </message>
    <message>
        <location filename="../../gui/views/debug_docks.py" line="61" />
        <source>Fault palette</source>
        <translation>장애 주입</translation>
    </message>
</context>
<context>
    <name>FaultPaletteView</name>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="138" />
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="140" />
        <source>Refused: {0}</source>
        <translation>거부됨: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="150" />
        <source>Cleared: {0}</source>
        <translation>해제됨: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="174" />
        <source>Active faults ({0})</source>
        <translation>활성 장애 ({0})</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="177" />
        <source>Error answer</source>
        <translation>오류 응답</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="177" />
        <source>Delay responses</source>
        <translation>응답 지연</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="178" />
        <source>Isolate from peers (zombie leader)</source>
        <translation>피어에서 격리 (좀비 리더)</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="179" />
        <source>Isolate from clients</source>
        <translation>클라이언트에서 격리</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="179" />
        <source>Slow follower</source>
        <translation>느린 팔로워</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="180" />
        <source>Drop client connections</source>
        <translation>클라이언트 연결 끊기</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="180" />
        <source>Disk full</source>
        <translation>디스크 가득 참</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="183" />
        <source>Fault</source>
        <translation>장애</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="183" />
        <source>Broker</source>
        <translation>브로커</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="183" />
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="184" />
        <source>Kafka error</source>
        <translation>Kafka 오류</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="184" />
        <source>Topic</source>
        <translation>토픽</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="184" />
        <source>Partition</source>
        <translation>파티션</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="185" />
        <source>Requests</source>
        <translation>요청 수</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="185" />
        <source>Milliseconds</source>
        <translation>밀리초</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="188" />
        <location filename="../../gui/views/fault_palette.py" line="189" />
        <source>any</source>
        <translation>전체</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="190" />
        <source>until cleared</source>
        <translation>해제할 때까지</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="191" />
        <source>any topic</source>
        <translation>모든 토픽</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="192" />
        <source>Inject</source>
        <translation>주입</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="193" />
        <source>Clear selected</source>
        <translation>선택 해제</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="194" />
        <source>Clear all</source>
        <translation>모두 해제</translation>
    </message>
    <message>
        <location filename="../../gui/views/fault_palette.py" line="198" />
        <source>Fault palette</source>
        <translation>장애 주입</translation>
    </message>
</context>
<context>
    <name>XrayTableModel</name>
    <message>
        <location filename="../../gui/models/xray_model.py" line="57" />
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="57" />
        <source>Broker</source>
        <translation>브로커</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="57" />
        <source>Client</source>
        <translation>클라이언트</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="57" />
        <source>Software</source>
        <translation>소프트웨어</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="57" />
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="58" />
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="58" />
        <source>Correlation</source>
        <translation>상관 ID</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="58" />
        <source>Latency (ms)</source>
        <translation>지연 (ms)</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="58" />
        <source>Request</source>
        <translation>요청</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="59" />
        <source>Response</source>
        <translation>응답</translation>
    </message>
    <message>
        <location filename="../../gui/models/xray_model.py" line="59" />
        <source>Errors</source>
        <translation>오류</translation>
    </message>
</context>
<context>
    <name>XrayView</name>
    <message>
        <location filename="../../gui/views/xray_view.py" line="166" />
        <source>{0} of {1} exchanges</source>
        <translation>교환 {1}개 중 {0}개</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="185" />
        <source>Export exchanges</source>
        <translation>교환 내보내기</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="186" />
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="189" />
        <source>{0} exchanges written to {1}</source>
        <translation>교환 {0}개를 {1}에 저장했습니다</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="198" />
        <source>Decoding {0} v{1} (correlation id {2})…</source>
        <translation>{0} v{1} 해석 중 (상관 ID {2})…</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="209" />
        <source>Not kept any more: only the last exchanges keep their bytes ({0})</source>
        <translation>더 이상 보관되지 않음: 최근 교환만 바이트를 보관합니다 ({0})</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="212" />
        <source>{0} v{1} from {2} ({3}), correlation id {4}</source>
        <translation>{2}({3})의 {0} v{1}, 상관 ID {4}</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="213" />
        <source>software unknown</source>
        <translation>소프트웨어 알 수 없음</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="215" />
        <source>Request</source>
        <translation>요청</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="215" />
        <source>Response</source>
        <translation>응답</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="222" />
        <source>client id or software</source>
        <translation>클라이언트 ID 또는 소프트웨어</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="222" />
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="223" />
        <source>error name</source>
        <translation>오류 이름</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="223" />
        <source>topic</source>
        <translation>토픽</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="226" />
        <source>Errors only</source>
        <translation>오류만</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="227" />
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="228" />
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="229" />
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="230" />
        <source>Field</source>
        <translation>필드</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="230" />
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="235" />
        <source>Protocol X-ray</source>
        <translation>프로토콜 X-레이</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="252" />
        <source>{0} more</source>
        <translation>{0}개 더</translation>
    </message>
    <message>
        <location filename="../../gui/views/xray_view.py" line="261" />
        <source>{0} item(s)</source>
        <translation>항목 {0}개</translation>
    </message>
<message><source>Caused by: {0} at {1} — {2}</source><translation>원인: {1}의 {0} — {2}</translation></message></context>
<context><name>EventText</name><message><source>fault {0} injected: {1}</source><translation>장애 {0} 주입: {1}</translation></message><message><source>fault {0} ended: {1}</source><translation>장애 {0} 종료: {1}</translation></message></context></TS>