<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>LazyView</name>
    <message>
        <location filename="../../gui/widgets/lazy_view.py" line="58" />
        <source>Loading the charts…</source>
        <translation>차트를 불러오는 중…</translation>
    </message>
</context>
</TS>
