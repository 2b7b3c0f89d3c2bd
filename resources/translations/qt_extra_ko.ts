<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Strings of Qt's own dialogs that the qtbase_ko.qm shipped with PySide6 does not translate
     (Qt added the mnemonics after the Korean translation was made). Loaded after qtbase_ko. -->
<TS version="2.1" language="ko_KR">
  <context>
    <name>QFileDialog</name>
    <message>
      <source>&amp;Look in:</source>
      <translation>다음에서 찾기(&amp;L):</translation>
    </message>
    <message>
      <source>Files of &amp;type:</source>
      <translation>파일 형식(&amp;T):</translation>
    </message>
  </context>
</TS>
