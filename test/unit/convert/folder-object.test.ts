// OMA DS folder objects: the name survives escaping both ways; clients' spellings are read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFolderName, writeFolder } from '../../../gateway/convert/folder-object.ts';

test('a folder name with markup characters round-trips', () => {
  const xml = writeFolder('R&D <Team> "A"');
  assert.equal(xml, '<Folder><name>R&amp;D &lt;Team&gt; &quot;A&quot;</name></Folder>');
  assert.equal(readFolderName(xml), 'R&D <Team> "A"');
});

test('names as clients send them: CDATA, character references, other elements around', () => {
  assert.equal(readFolderName('<Folder><name><![CDATA[Büro & Co]]></name><role>inbox</role></Folder>'), 'Büro & Co');
  assert.equal(readFolderName('<Folder>\n <name>Caf&#xE9; &#8364;</name>\n <created>20070101T000000Z</created></Folder>'), 'Café €');
  assert.equal(readFolderName('<Folder><role>sent</role></Folder>'), undefined);
  assert.equal(readFolderName('<Folder><name>  </name></Folder>'), undefined);
});
