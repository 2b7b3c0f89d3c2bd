<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>LessonPlayerView</name>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="227"/>
        <source>Lessons</source>
        <translation>레슨</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="228"/>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="229"/>
        <source>Show both languages (English and Korean)</source>
        <translation>두 언어 모두 보기 (영어와 한국어)</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="230"/>
        <source>Copy commands</source>
        <translation>명령 복사</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="231"/>
        <source>Reveal (Space)</source>
        <translation>공개 (Space)</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="232"/>
        <source>← Back</source>
        <translation>← 이전</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="233"/>
        <source>Next →</source>
        <translation>다음 →</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="234"/>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="235"/>
        <source>The previous step (the lab is reset and the steps before it replayed)</source>
        <translation>이전 단계 (랩을 초기화하고 그 앞 단계들을 다시 실행합니다)</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="236"/>
        <source>Reset the lab and start the lesson again</source>
        <translation>랩을 초기화하고 레슨을 처음부터 다시 시작합니다</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="267"/>
        <location filename="../../gui/views/lesson_player_view.py" line="274"/>
        <source>Resetting the lab…</source>
        <translation>랩을 초기화하는 중…</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="282"/>
        <source>Running the step on the cluster…</source>
        <translation>클러스터에서 단계를 실행하는 중…</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="291"/>
        <source>Next step…</source>
        <translation>다음 단계…</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="296"/>
        <source>Back: resetting and replaying…</source>
        <translation>이전 단계로: 초기화하고 다시 실행하는 중…</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="331"/>
        <source>Failed: {0}</source>
        <translation>실패: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="360"/>
        <source>Running: {0}</source>
        <translation>실행 중: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="362"/>
        <source>Checked: {0}</source>
        <translation>확인함: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="369"/>
        <source>Lab reset in {0} ms</source>
        <translation>랩 초기화: {0} ms</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="414"/>
        <source>Choose a lesson and press Start.</source>
        <translation>레슨을 고르고 시작을 누르세요.</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="427"/>
        <source>Step {0} of {1}</source>
        <translation>{1}단계 중 {0}단계</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="237"/>
        <source>({0} votes)</source>
        <translation>({0}표)</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="237"/>
        <source>Answer: {0}</source>
        <translation>정답: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="238"/>
        <source>Answer: {0} — the class got it right.</source>
        <translation>정답: {0} — 반 전체가 맞혔습니다.</translation>
    </message>
    <message>
        <location filename="../../gui/views/lesson_player_view.py" line="239"/>
        <source>Answer: {0} — the class chose {1}.</source>
        <translation>정답: {0} — 반에서는 {1}를 골랐습니다.</translation>
    </message>
</context>
</TS>
