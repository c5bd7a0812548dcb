"""The DOI and citation line an article prints about itself, read from text written here."""

from __future__ import annotations

import pytest

from poemsreader.pdf.reference_text import (
    CITATION_SHAPES,
    Citation,
    article_doi,
    citation_from,
    citations_in,
    journal_before,
)

REFERENCES_PAGE = (
    "References\n1. Smith J. A trial. Lancet 2012; 380: 2224-60.\n"
    "doi:10.1016/S0140-6736(12)61766-8\n"
    "2. Jones K. Another. BMJ 2009;339:b2700. [doi: 10.1136/bmj.b2700]\n"
)

# -- DOI ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_page", "doi"),
    [
        # broken at its own hyphen: not "10.1136/bmjopen-2016-"
        (
            "To cite: BMJ Open 2016;6:e012335.\ndoi:10.1136/bmjopen-2016-\n012335\n",
            "10.1136/bmjopen-2016-012335",
        ),
        # broken after a dot: not "10.1371/journal.pone"
        (
            "PLoS ONE 9(12): e115884. doi:10.1371/journal.pone.\n0115884\nEditor:",
            "10.1371/journal.pone.0115884",
        ),
        # broken after the prefix's slash
        (
            "http://dx.doi.org/10.1016/\nS2213-2600(14)70195-X\nSee Online",
            "10.1016/S2213-2600(14)70195-X",
        ),
        # a line of its own, then the next sentence: nothing to join
        (
            "Clinical Science (2014) 126, 305–313 doi: 10.1042/CS20130403\nFragment-based",
            "10.1042/CS20130403",
        ),
        ("DOI 10.7717/peerj-cs.118.\nCopyright", "10.7717/peerj-cs.118"),
        # its own brackets kept, the sentence's dropped
        ("(doi:10.1016/S0140-6736(13)61234-5).", "10.1016/S0140-6736(13)61234-5"),
        ("[doi: 10.2196/jmir.1963]", "10.2196/jmir.1963"),
        # the same text with its line breaks already turned into spaces
        ("doi:10.1136/bmjopen-2016- 012335 Prepublication", "10.1136/bmjopen-2016-012335"),
    ],
)
def test_doi_on_the_first_page(first_page: str, doi: str) -> None:
    assert article_doi([first_page, "Body text.", REFERENCES_PAGE]) == doi


def test_doi_cut_without_a_separator_is_joined_when_printed_whole_elsewhere() -> None:
    pages = [
        "Metabolites 2014, 4, 932-945; doi:10.3390/metabo\n4040932\nArticle",
        "Metabolites 2014, 4 936 doi:10.3390/metabo4040932",
    ]
    assert article_doi(pages) == "10.3390/metabo4040932"


def test_doi_before_the_cite_block_at_the_end_of_the_article() -> None:
    last = REFERENCES_PAGE + (
        "30. Prinsen CA: Core outcome measures. Trials 2014, 15:247.\n"
        "doi:10.1186/1745-6215-15-511\n"
        "Cite this article as: Chiarotto et al.: A core outcome set for clinical trials.\n"
        "Trials 2014 15:511.\n"
    )
    assert article_doi(["Chiarotto et al. Trials 2014, 15:511", "Body.", last]) == (
        "10.1186/1745-6215-15-511"
    )


def test_a_doi_of_the_reference_list_is_never_the_articles() -> None:
    assert article_doi(["A title\nAn author\nAbstract", "Body text.", REFERENCES_PAGE]) == ""
    # nor one cited in the reference lists of two chapters, broken at a dot before a letter
    chapter_refs = "World J Hepatol. 2016;8:273-81. doi: 10.4254/wjh.\nv8.i5.273\n36. Next"
    pages = ["A guideline", *["Body."] * 8, chapter_refs, "Body.", chapter_refs]
    assert article_doi(pages) == ""
    assert article_doi([chapter_refs]) == "10.4254/wjh.v8.i5.273"


def test_the_running_header_doi_beats_a_commentary_doi_on_page_one() -> None:
    own = "www.thelancet.com/respiratory http://dx.doi.org/10.1016/S2213-2600(14)70195-X\n"
    first = own + "See Online/Comment http://dx.doi.org/10.1016/\nS2213-2600(14)70214-0\n"
    assert article_doi([first, own + "Body.", own + REFERENCES_PAGE]) == (
        "10.1016/S2213-2600(14)70195-X"
    )


def test_the_metadata_doi_wins() -> None:
    pages = ["DOI: 10.5114/aoms.2016.61916", REFERENCES_PAGE]
    assert article_doi(pages, "BMC Cancer, 2016, doi:10.1186/s12885-016-2685-3") == (
        "10.1186/s12885-016-2685-3"
    )
    assert article_doi(pages) == "10.5114/aoms.2016.61916"


def test_figure_dois_count_for_the_article() -> None:
    figure = "Figure 1. doi:10.1371/journal.pone.0115884.g001\n"
    pages = ["doi:10.1371/journal.pone.0115884", figure, figure.replace("g001", "g002")]
    assert article_doi(pages) == "10.1371/journal.pone.0115884"


def test_a_doi_in_a_to_cite_block_after_its_label() -> None:
    first = "To cite: Corder K, et al. Feasibility study. BMJ Open 2016;6:e012335.\ndoi:10.1136/"
    assert article_doi([first + "bmjopen-2016-012335\n", REFERENCES_PAGE]) == (
        "10.1136/bmjopen-2016-012335"
    )


def test_a_doi_after_please_cite_as_on_the_last_page() -> None:
    last = (
        REFERENCES_PAGE + "Edited by G Eysenbach. Please cite as:\nYardley L, Miller S. Evaluation."
        "\nJ Med Internet Res 2011;13(4):e107\nURL: http://www.jmir.org/2011/4/e107/\n"
        "doi:10.2196/jmir.1963\nPMID:22155673"
    )
    assert article_doi(["Original Paper", *["Body."] * 10, last]) == "10.2196/jmir.1963"


def test_a_publishers_notice_is_no_cite_block() -> None:
    notice = "Receive free email alerts when new articles cite this article. Sign up.\n"
    assert article_doi(["Title", "Body.", "Body.", notice + REFERENCES_PAGE]) == ""


def test_no_doi_at_all() -> None:
    assert article_doi(["", "no identifiers here 10.5/x"]) == ""


# -- citation lines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Breast Cancer: Targets and Therapy 2016:8 109–116",
            Citation("Breast Cancer: Targets and Therapy", 2016, "8", "", "109-116"),
        ),
        (
            "J Med Internet Res 2011 | vol. 13 | iss. 4 | e107 | p.1",
            Citation("J Med Internet Res", 2011, "13", "4", "e107"),
        ),
        ("Open Med. 2016; 11: 264-269", Citation("Open Med.", 2016, "11", "", "264-269")),
        (
            "International Psychogeriatrics (2014), 26:1, 147–154",
            Citation("International Psychogeriatrics", 2014, "26", "1", "147-154"),
        ),
        ("Chiarotto et al. Trials 2014, 15:511", Citation("Trials", 2014, "15", "", "511")),
        (
            "Clinical Science (2014) 126, 305–313 (Printed in Great Britain)",
            Citation("Clinical Science", 2014, "126", "", "305-313"),
        ),
        (
            "M. Seretny et al. / PAIN 155 (2014) 2461–2470",
            Citation("PAIN", 2014, "155", "", "2461-2470"),
        ),
        (
            "Arch Med Sci 2016; 12, 5: 1110–1117",
            Citation("Arch Med Sci", 2016, "12", "5", "1110-1117"),
        ),
        (
            "Yonsei Med J 2016 Sep;57(5):1260-1270",
            Citation("Yonsei Med J", 2016, "57", "5", "1260-1270"),
        ),
        (
            "(J Med Internet Res 2011;13(4):e107) doi:10.2196/jmir.1963",
            Citation("J Med Internet Res", 2011, "13", "4", "e107"),
        ),
        (
            "Corder K, et al. BMJ Open 2016;6:e012335. doi:10.1136/bmjopen-2016-012335",
            Citation("BMJ Open", 2016, "6", "", "e012335"),
        ),
        ("Yu et al. BMC Cancer (2016) 16:642", Citation("BMC Cancer", 2016, "16", "", "642")),
        (
            "Metabolites 2014, 4, 932-945; doi:10.3390/metabo4040932",
            Citation("Metabolites", 2014, "4", "", "932-945"),
        ),
        ("Rev Saúde Pública 2016;50:27", Citation("Rev Saúde Pública", 2016, "50", "", "27")),
        (
            "Datta et al. Journal of Trauma Management & Outcomes 2010, 4:1",
            Citation("Journal of Trauma Management & Outcomes", 2010, "4", "", "1"),
        ),
        (
            "Webb et al. (2017), PeerJ Comput. Sci., DOI 10.7717/peerj-cs.118",
            Citation("PeerJ Comput. Sci.", 2017),
        ),
        ("Lancet Respir Med 2014", Citation("Lancet Respir Med", 2014)),
        (
            "Pain, 155 (2014) 2461-2470. doi:10.1016/j.pain.2014.09.020",
            Citation("Pain", 2014, "155", "", "2461-2470"),
        ),
    ],
)
def test_citation_line_shapes(line: str, expected: Citation) -> None:
    assert citation_from([line]) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Am. J. Hematol. 88:207–210, 2013.",
            Citation("Am. J. Hematol.", 2013, "88", "", "207-210"),
        ),
        (
            "Annals of Oncology 24: 1234–1240, 2013",
            Citation("Annals of Oncology", 2013, "24", "", "1234-1240"),
        ),
        (
            "Journal of Hepatology 58 (2013) 1245–1252",
            Citation("Journal of Hepatology", 2013, "58", "", "1245-1252"),
        ),
        ("Ann Hematol (2013) 92:1349–1356", Citation("Ann Hematol", 2013, "92", "", "1349-1356")),
        ("Leukemia (2013) 27, 1234–1240", Citation("Leukemia", 2013, "27", "", "1234-1240")),
        ("Blood. 2013;122(1):68-73", Citation("Blood.", 2013, "122", "1", "68-73")),
        ("N Engl J Med 2013;368:341-50.", Citation("N Engl J Med", 2013, "368", "", "341-50")),
        ("BMJ 2013;346:f1234", Citation("BMJ", 2013, "346", "", "f1234")),
        (
            "British Journal of Haematology, 2013, 161, 1234–1240",
            Citation("British Journal of Haematology", 2013, "161", "", "1234-1240"),
        ),
        (
            "LEUKEMIA & LYMPHOMA, 2013; 54(1): 12–20",
            Citation("LEUKEMIA & LYMPHOMA", 2013, "54", "1", "12-20"),
        ),
        (
            "Leukemia & Lymphoma, 2013 Vol. 54, No. 1, 12–20",
            Citation("Leukemia & Lymphoma", 2013, "54", "1", "12-20"),
        ),
        (
            "IEEE TRANSACTIONS ON MEDICAL IMAGING, VOL. 32, NO. 3, MARCH 2013",
            Citation("IEEE TRANSACTIONS ON MEDICAL IMAGING", None, "32", "3", ""),
        ),
        (
            "Front. Oncol. 4:123. doi: 10.3389/fonc.2014.00123",
            Citation("Front. Oncol.", None, "4", "", "123"),
        ),
        (
            "Frontiers in Oncology | May 2014 | Volume 4 | Article 123",
            Citation("", 2014, "4", "", "123"),
        ),
        (
            "Cochrane Database Syst Rev 2013; 7: CD007078.",
            Citation("Cochrane Database Syst Rev", 2013, "7", "", "CD007078"),
        ),
    ],
)
def test_other_publishers_citation_lines(line: str, expected: Citation) -> None:
    assert citation_from([line]) == expected


def test_every_shape_of_the_table_is_exercised() -> None:
    lines = [
        "Breast Cancer: Targets and Therapy 2016:8 109–116",
        "J Med Internet Res 2011 | vol. 13 | iss. 4 | e107 | p.1",
        "International Psychogeriatrics (2014), 26:1, 147–154",
        "PAIN 155 (2014) 2461–2470",
        "Arch Med Sci 2016; 12, 5: 1110–1117",
        "Chiarotto et al. Trials 2014, 15:511",
        "Metabolites 2014, 4, 932-945",
        "Am. J. Hematol. 88:207–210, 2013.",
        "Leukemia & Lymphoma, 2013 Vol. 54, No. 1, 12–20",
        "Frontiers in Oncology | May 2014 | Volume 4 | Article 123",
        "Rehabilitation Research and Practice\nVolume 2010, Article ID 157939, 6 pages",
        "Birth of Tadpoles. PLoS ONE 9(12): e115884. doi:10.1371/journal.pone.0115884",
        "Webb et al. (2017), PeerJ Comput. Sci., DOI 10.7717/peerj-cs.118",
        "Lancet Respir Med 2014",
    ]
    used = set()
    for line in lines:
        for example, shape in CITATION_SHAPES:
            if shape.search(line):
                used.add(example)
                break
    assert used == {example for example, _ in CITATION_SHAPES}


def test_the_journal_name_on_the_line_above_its_numbers() -> None:
    lines = [
        "Hindawi Publishing Corporation",
        "Rehabilitation Research and Practice",
        "Volume 2010, Article ID 157939, 6 pages",
        "doi:10.1155/2010/157939",
    ]
    assert citation_from(lines) == Citation(
        "Rehabilitation Research and Practice", 2010, "2010", "", "157939"
    )
    assert citation_from(["PAIN", "155 (2014) 2461–2470"]) == Citation(
        "PAIN", 2014, "155", "", "2461-2470"
    )


def test_a_running_head_printed_under_the_journal_name_does_not_double_it() -> None:
    lines = [
        "Breast Cancer: Targets and Therapy",
        "Breast Cancer: Targets and Therapy 2016:8 109–116",
    ]
    assert citation_from(lines).journal == "Breast Cancer: Targets and Therapy"


def test_a_citation_block_over_several_lines() -> None:
    lines = [
        "Citation: Iskandar DT, Evans BJ, McGuire",
        "JA (2014) A Novel Reproductive Mode in Frogs: A",
        "New Species of Fanged Frog with Internal",
        "Fertilization and Birth of Tadpoles. PLoS",
        "ONE 9(12): e115884. doi:10.1371/journal.pone.",
        "0115884",
        "Published: December 31, 2014",
    ]
    citation = citation_from(lines)
    assert (citation.journal, citation.volume, citation.issue, citation.pages) == (
        "PLoS ONE",
        "9",
        "12",
        "e115884",
    )


def test_cite_block_at_the_end_fills_what_page_one_lacks() -> None:
    last = (
        "How to cite this article Webb et al. (2017), VESPA: Very large-scale Evolutionary and "
        "Selective Pressure Analyses. PeerJ Comput. Sci. 3:e118; DOI 10.7717/peerj-cs.118"
    )
    citation = citation_from(
        ["Webb et al. (2017), PeerJ Comput. Sci., DOI 10.7717/peerj-cs.118"], pages=["Body.", last]
    )
    assert citation == Citation("PeerJ Comput. Sci.", 2017, "3", "", "e118")


def test_the_running_head_of_the_next_pages() -> None:
    head = "Open Access Corder K, et al. BMJ Open 2016;6:e012335. doi:10.1136/bmjopen-2016-012335"
    pages = ["Title\nAbstract", head + " Methods. " + "Body text. " * 40, "Body text. " * 40 + head]
    assert citation_from(["Title", "Abstract"], pages=pages) == Citation(
        "BMJ Open", 2016, "6", "", "e012335"
    )
    # the middle of a page is no running head, nor a reference at the end of one page
    middle = ["Title", "Body text. " * 30 + head + " Body text." * 30, "Body text. " * 40]
    assert citation_from(["Title"], pages=middle) == Citation()
    reference = "1. Pape HC. Major secondary surgery. J Trauma 2000, 49(3):140-4."
    ends_with_references = ["Title", "Body text. " * 40 + reference, "More references."]
    assert citation_from(["Title"], pages=ends_with_references) == Citation()


def test_a_reference_never_outranks_the_first_pages_citation() -> None:
    reference = "1. Pape HC. Major secondary surgery. J Trauma 2000, 49(3):140-4."
    pages = ["Datta et al.", "Body text.", "Body text.", "References " + reference]
    lines = ["Datta et al. Journal of Trauma Management & Outcomes 2010, 4:1"]
    cited = f"Cite this article as: {reference}"  # a block that cites another article
    assert citation_from(lines, pages=[*pages, cited]) == Citation(
        "Journal of Trauma Management & Outcomes", 2010, "4", "", "1"
    )


def test_metadata_subject_gives_the_citation() -> None:
    citation = citation_from([], "Pain, 155 (2014) 2461-2470. doi:10.1016/j.pain.2014.09.020")
    assert citation == Citation("Pain", 2014, "155", "", "2461-2470")


@pytest.mark.parametrize(
    "line",
    [
        "Received 9 May 2013; accepted 18 Sep 2013.",
        "Accepted 23 August 2016",
        "Published: December 31, 2014",
        "randomly assigned (1:1) to receive treatment, ratio 2:1",
        "© 2016 Al Asiri et al. This work is published by Dove Medical Press Limited.",
        "Copyright 2017 Webb et al.",
        "Downloaded from https://www.dovepress.com/ by 137.56.27.11 on 14-Jun-2017",
    ],
)
def test_lines_that_are_not_citations(line: str) -> None:
    assert citations_in(line) == []


@pytest.mark.parametrize(
    ("before", "journal"),
    [
        ("Hawkes et al. BMC Cancer", "BMC Cancer"),
        ("outcomes and lessons learnt. BMJ Open", "BMJ Open"),
        ("Evolutionary and Selective Pressure Analyses. PeerJ Comput. Sci.", "PeerJ Comput. Sci."),
        ("systematic review and meta-analysis. Rev Saude Publica.", "Rev Saude Publica."),
        (
            "a systematic review of the literature. Journal of Trauma Management & Outcomes",
            "Journal of Trauma Management & Outcomes",
        ),
        ("Birth of Tadpoles. PLoS ONE", "PLoS ONE"),
        ("(J Med Internet Res", "J Med Internet Res"),
        ("Published Online", ""),
        ("an ordinary sentence that ends in words", ""),
    ],
)
def test_journal_before_the_numbers(before: str, journal: str) -> None:
    assert journal_before(before) == journal


def test_the_most_complete_citation_wins_and_others_fill_in() -> None:
    lines = ["Lancet Respir Med 2014", "Arch Med Sci 2016; 12, 5: 1110–1117"]
    assert citation_from(lines).journal == "Arch Med Sci"
    # a journal-and-year line of another year does not lend its name
    assert citation_from(["(2015) 19:1", "Critical Care 2014"]) == Citation("", 2015, "19", "", "1")


def test_the_same_journal_spelled_with_and_without_accents_is_one_name() -> None:
    cite_block = "How to cite: Gonçalves VSS. Prevalence. Rev Saude Publica. 2016;50:27."
    citation = citation_from(["Rev Saúde Pública 2016;50:27"], pages=[cite_block])
    assert citation == Citation("Rev Saúde Pública", 2016, "50", "", "27")


def test_a_label_on_the_line_above_does_not_join_the_journals_name() -> None:
    lines = ["DOI:10.1590/S1518-8787.2016050006236", "Review", "Rev Saúde Pública 2016;50:27"]
    cite_block = "How to cite: Gonçalves VSS. Prevalence. Rev Saude Publica. 2016;50:27."
    assert citation_from(lines, pages=[cite_block]).journal == "Rev Saúde Pública"
    assert citation_from(lines).journal == "Rev Saúde Pública"
