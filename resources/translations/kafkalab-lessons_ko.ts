<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>FolderAppsDialog</name>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="87"/>
        <source>Folder source and sink</source>
        <translation>폴더 소스와 싱크</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="88"/>
        <source>Topic</source>
        <translation>토픽</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="88"/>
        <source>Inbox (files → records)</source>
        <translation>inbox (파일 → 레코드)</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="88"/>
        <source>Outbox (records → files)</source>
        <translation>outbox (레코드 → 파일)</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="89"/>
        <source>Sink&apos;s consumer group</source>
        <translation>싱크의 컨슈머 그룹</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="95"/>
        <source>Start source</source>
        <translation>소스 시작</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="96"/>
        <source>Start sink</source>
        <translation>싱크 시작</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="97"/>
        <source>Stop all</source>
        <translation>모두 중지</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="98"/>
        <source>Open folder</source>
        <translation>폴더 열기</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="110"/>
        <source>The engine is not running.</source>
        <translation>엔진이 실행 중이 아닙니다.</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="113"/>
        <source>Choose a topic.</source>
        <translation>토픽을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="145"/>
        <source>this window</source>
        <translation>이 창</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="145"/>
        <source>the lesson</source>
        <translation>레슨</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="148"/>
        <source>source {0} → {1}: {2} records</source>
        <translation>소스 {0} → {1}: 레코드 {2}개</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_folders.py" line="150"/>
        <source>sink {0} → {1} (group {2}): {3} files</source>
        <translation>싱크 {0} → {1} (그룹 {2}): 파일 {3}개</translation>
    </message>
</context>
<context>
    <name>LessonPlayerView</name>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="229"/>
        <source>Lessons</source>
        <translation>레슨</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="231"/>
        <source>Folder source and sink…</source>
        <translation>폴더 소스와 싱크…</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="232"/>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="233"/>
        <source>Show both languages (English and Korean)</source>
        <translation>두 언어 모두 보기 (영어와 한국어)</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="234"/>
        <source>Copy commands</source>
        <translation>명령 복사</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="235"/>
        <source>Reveal (Space)</source>
        <translation>공개 (Space)</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="236"/>
        <source>← Back</source>
        <translation>← 이전</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="237"/>
        <source>Next →</source>
        <translation>다음 →</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="238"/>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="239"/>
        <source>The previous step (the lab is reset and the steps before it replayed)</source>
        <translation>이전 단계 (랩을 초기화하고 그 앞 단계들을 다시 실행합니다)</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="240"/>
        <source>Reset the lab and start the lesson again</source>
        <translation>랩을 초기화하고 레슨을 처음부터 다시 시작합니다</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="271"/>
        <location filename="../../gui/views/lesson_player_view.py" line="278"/>
        <source>Resetting the lab…</source>
        <translation>랩을 초기화하는 중…</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="286"/>
        <source>Running the step on the cluster…</source>
        <translation>클러스터에서 단계를 실행하는 중…</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="295"/>
        <source>Next step…</source>
        <translation>다음 단계…</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="300"/>
        <source>Back: resetting and replaying…</source>
        <translation>이전 단계로: 초기화하고 다시 실행하는 중…</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="335"/>
        <source>Failed: {0}</source>
        <translation>실패: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="364"/>
        <source>Running: {0}</source>
        <translation>실행 중: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="366"/>
        <source>Checked: {0}</source>
        <translation>확인함: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="373"/>
        <source>Lab reset in {0} ms</source>
        <translation>랩 초기화: {0} ms</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="418"/>
        <source>Choose a lesson and press Start.</source>
        <translation>레슨을 고르고 시작을 누르세요.</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="431"/>
        <source>Step {0} of {1}</source>
        <translation>{1}단계 중 {0}단계</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="241"/>
        <source>({0} votes)</source>
        <translation>({0}표)</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="241"/>
        <source>Answer: {0}</source>
        <translation>정답: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="242"/>
        <source>Answer: {0} — the class got it right.</source>
        <translation>정답: {0} — 반 전체가 맞혔습니다.</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="243"/>
        <source>Answer: {0} — the class chose {1}.</source>
        <translation>정답: {0} — 반에서는 {1}를 골랐습니다.</translation>
    </message>
</context>
</TS>
