"""A library that mirrors the hand-written 2013 POEMS digest (examples/poems-2013-digest.txt).

Twelve articles from generated PDFs with printed page numbers, the eight starter
topics and the findings of the example, written straight as rows. The printed
pages come three ways: /PageLabels in the PDF (Humeniuk 68–73), labels recorded
on the document (Keyzner 1395–1398), and the reference's page range (Royer 207–212).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from poemsreader.core.model import ArticleRecord, Author
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.storage.schema import Document, Finding, FindingAnchor, FindingTopic, Topic
from tests.pdfgen import LOREM, ArticleSpec, make_article

# key, authors, title, journal, volume, published, pages, year, pdf pages
ARTICLES = [
    ("Li 2013", "Li J, Zhou DB", "New advances in the diagnosis and treatment of POEMS syndrome",
     "British journal of haematology", "161", "2013-05", "303-315", 2013, 2),
    ("Li 2013a", "Li J, Tian Z, Zheng HY, Zhang W, Duan MH, Liu YT, Cao XX, Zhou DB",
     "Pulmonary hypertension in POEMS syndrome", "Haematologica", "98", "2013-03", "393-398",
     2013, 2),
    ("Guo 2013", "Guo X, Qin X, Zhang Y, Huang C, Yu G",
     "Electrophysiological features of POEMS syndrome and chronic inflammatory demyelinating "
     "polyneuropathy", "Journal of clinical neuroscience", "", "2013-08-15", "", 2013, 1),
    ("Humeniuk 2013", "Humeniuk MS, Gertz MA, Lacy MQ, Kyle RA, Witzig TE, Kumar SK, Kapoor P, "
     "Lust JA, Hayman SR, Buadi FK, Rajkumar SV, Zeldenrust SR, Russell SJ, Dingli D, Lin Y, "
     "Leung N, Dispenzieri A", "Outcomes of patients with POEMS syndrome treated initially with "
     "radiation", "Blood", "122", "2013-07-04", "68-73", 2013, 6),
    ("Kanai 2012", "Kanai K, Sawai S, Sogawa K, Mori M, Misawa S, Shibuya K, Isose S, "
     "Fujimaki Y, Noto Y, Sekiguchi Y, Nasu S, Nakaseko C, Takano S, Yoshitomi H, Miyazaki M, "
     "Nomura F, Kuwabara S", "Markedly upregulated serum interleukin-12 as a novel biomarker in "
     "POEMS syndrome", "Neurology", "79", "2012-08-07", "575-582", 2012, 1),
    ("Kang 2013", "Kang WY, Shen KN, Duan MH, Zhang W, Cao XX, Zhou DB, Li J",
     "14q32 translocations and 13q14 deletions are common cytogenetic abnormalities in POEMS "
     "syndrome", "European journal of haematology", "91", "2013-12", "490-496", 2013, 1),
    ("Keyzner 2013", "Keyzner A, D'Souza A, Lacy M, Gertz M, Hayman S, Buadi F, Kumar S, "
     "Dingli D, Engebretson A, Tong C, Dispenzieri A", "Low levels of interleukin-1 receptor "
     "antagonist (IL-1RA) predict engraftment syndrome after autologous stem cell transplantation "
     "in POEMS syndrome and other plasma cell neoplasms", "Biology of blood and marrow "
     "transplantation", "19", "2013-09", "1395-1398", 2013, 4),
    ("Miest 2013", "Miest RY, Comfere NI, Dispenzieri A, Lohse CM, el-Azhary RA",
     "Cutaneous manifestations in patients with POEMS syndrome",
     "International journal of dermatology", "52", "2013-11", "1349-56", 2013, 1),
    ("Royer 2013", "Royer B, Merlusca L, Abraham J, Musset L, Haroche J, Choquet S, Leleu X, "
     "Sebban C, Decaux O, Galicier L, Roussel M, Recher C, Banos A, Guichard I, Brisseau JM, "
     "Godmer P, Hermine O, Deplanque G, Facon T, Asli B, Leblond V, Fermand JP, Marolleau JP, "
     "Jaccard A", "Efficacy of lenalidomide in POEMS syndrome: a retrospective study of 20 "
     "patients", "American journal of hematology", "88", "2013-03", "207-212", 2013, 6),
    ("Sekiguchi 2013", "Sekiguchi Y, Misawa S, Shibuya K, Nasu S, Mitsuma S, Iwai Y, Beppu M, "
     "Sawai S, Ito S, Hirano S, Nakaseko C, Kuwabara S", "Ambiguous effects of anti-VEGF "
     "monoclonal antibody (bevacizumab) for POEMS syndrome",
     "Journal of neurology, neurosurgery, and psychiatry", "84", "2013-12", "1346-1348", 2013, 1),
    ("Yamada 2013", "Yamada Y, Sawai S, Misawa S, Kanai K, Shibuya K, Mori M, Moriya J, "
     "Sogawa K, Yamamoto H, Beppu M, Taniguchi J, Nakaseko C, Nomura F, Kuwabara S",
     "Multiple angiogenetic factors are upregulated in POEMS syndrome", "Annals of hematology",
     "92", "2013-01", "245-248", 2013, 1),
    ("Zagouri 2014", "Zagouri F, Kastritis E, Gavriatopoulou M, Sergentanis TN, Psaltopoulou T, "
     "Terpos E, Dimopoulos MA", "Lenalidomide in patients with POEMS syndrome: A systematic "
     "review and pooled analysis", "Leukemia and lymphoma", "", "2013-12-03", "", 2014, 1),
]  # fmt: skip

# The reference list of the example digest, line for line (its house style).
EXPECTED_REFERENCES = {
    "Guo 2013": "Guo X, Qin X, Zhang Y, Huang C, Yu G. 'Electrophysiological features of POEMS "
    "syndrome and chronic inflammatory demyelinating polyneuropathy.' Journal of clinical "
    "neuroscience 15 Aug 2013.",
    "Humeniuk 2013": "Humeniuk MS, Gertz MA, Lacy MQ, Kyle RA, Witzig TE, Kumar SK, Kapoor P, "
    "Lust JA, Hayman SR, Buadi FK, Rajkumar SV, Zeldenrust SR, Russell SJ, Dingli D, Lin Y, "
    "Leung N, Dispenzieri A. 'Outcomes of patients with POEMS syndrome treated initially with "
    "radiation.' Blood 122 (4 July 2013) 68-73.",
    "Kanai 2012": "Kanai K, Sawai S, Sogawa K, Mori M, Misawa S, Shibuya K, Isose S, Fujimaki Y, "
    "Noto Y, Sekiguchi Y, Nasu S, Nakaseko C, Takano S, Yoshitomi H, Miyazaki M, Nomura F, "
    "Kuwabara S. 'Markedly upregulated serum interleukin-12 as a novel biomarker in POEMS "
    "syndrome.' Neurology 79 (7 Aug 2012) 575-582.",
    "Kang 2013": "Kang WY, Shen KN, Duan MH, Zhang W, Cao XX, Zhou DB, Li J. '14q32 "
    "translocations and 13q14 deletions are common cytogenetic abnormalities in POEMS "
    "syndrome.' European journal of haematology 91 (Dec 2013) 490-496.",
    "Keyzner 2013": "Keyzner A, D'Souza A, Lacy M, Gertz M, Hayman S, Buadi F, Kumar S, Dingli D, "
    "Engebretson A, Tong C, Dispenzieri A. 'Low levels of interleukin-1 receptor antagonist "
    "(IL-1RA) predict engraftment syndrome after autologous stem cell transplantation in POEMS "
    "syndrome and other plasma cell neoplasms.' Biology of blood and marrow transplantation 19 "
    "(Sep 2013) 1395-1398.",
    "Li 2013": "Li J, Zhou DB. 'New advances in the diagnosis and treatment of POEMS syndrome.' "
    "British journal of haematology 161 (May 2013) 303-315.",
    "Li 2013a": "Li J, Tian Z, Zheng HY, Zhang W, Duan MH, Liu YT, Cao XX, Zhou DB. 'Pulmonary "
    "hypertension in POEMS syndrome.' Haematologica 98 (Mar 2013) 393-398.",
    "Miest 2013": "Miest RY, Comfere NI, Dispenzieri A, Lohse CM, el-Azhary RA. 'Cutaneous "
    "manifestations in patients with POEMS syndrome.' International journal of dermatology 52 "
    "(Nov 2013) 1349-1356.",  # the hand-written example abbreviates this one range alone
    "Royer 2013": "Royer B, Merlusca L, Abraham J, Musset L, Haroche J, Choquet S, Leleu X, "
    "Sebban C, Decaux O, Galicier L, Roussel M, Recher C, Banos A, Guichard I, Brisseau JM, "
    "Godmer P, Hermine O, Deplanque G, Facon T, Asli B, Leblond V, Fermand JP, Marolleau JP, "
    "Jaccard A. 'Efficacy of lenalidomide in POEMS syndrome: a retrospective study of 20 "
    "patients.' American journal of hematology 88 (Mar 2013) 207-212.",
    "Sekiguchi 2013": "Sekiguchi Y, Misawa S, Shibuya K, Nasu S, Mitsuma S, Iwai Y, Beppu M, "
    "Sawai S, Ito S, Hirano S, Nakaseko C, Kuwabara S. 'Ambiguous effects of anti-VEGF "
    "monoclonal antibody (bevacizumab) for POEMS syndrome.' Journal of neurology, neurosurgery, "
    "and psychiatry 84 (Dec 2013) 1346-1348.",
    "Yamada 2013": "Yamada Y, Sawai S, Misawa S, Kanai K, Shibuya K, Mori M, Moriya J, "
    "Sogawa K, Yamamoto H, Beppu M, Taniguchi J, Nakaseko C, Nomura F, Kuwabara S. 'Multiple "
    "angiogenetic factors are upregulated in POEMS syndrome.' Annals of hematology 92 "
    "(Jan 2013) 245-248.",
    "Zagouri 2014": "Zagouri F, Kastritis E, Gavriatopoulou M, Sergentanis TN, Psaltopoulou T, "
    "Terpos E, Dimopoulos MA. 'Lenalidomide in patients with POEMS syndrome: A systematic review "
    "and pooled analysis.' Leukemia and lymphoma 3 Dec 2013.",
}

FDG_QUOTE = (
    "The most densely sclerotic bone lesions in POEMS syndrome do not take up FDG, making that "
    "test unreliable in differentiating between a benign lesion and a lesion due to underlying "
    "plasma cells."
)
LENALIDOMIDE = "Lenalidomide (Revlimid) is very effective at treating POEMS."

# topic -> [(statement, key, pdf page indexes of its anchors, quote)] in the digest's order
FINDINGS: dict[str, list[tuple[str, str, tuple[int, ...], str]]] = {
    "Reviews": [("Two English-language reviews of POEMS were published in 2013.", "Li 2013",
                 (), "")],
    "Treatment": [
        ("Radiation therapy is a good option for treating someone with POEMS who has three or "
         "fewer bone lesions and a negative bone marrow.", "Humeniuk 2013", (), ""),
        ("Two factors predicted failure of radiation therapy: decreased DLCO and increased "
         "total urine protein.", "Humeniuk 2013", (), ""),
        (LENALIDOMIDE, "Royer 2013", (), ""),
        (LENALIDOMIDE, "Zagouri 2014", (), ""),
        ("In three patients treated with bevacizumab, VEGF dropped dramatically but HGF and "
         "bFGF did not change.", "Yamada 2013", (), ""),
        ("Four of six patients treated with bevacizumab did not improve.", "Sekiguchi 2013",
         (), ""),
    ],
    "Symptoms": [
        ("90% of 107 POEMS patients had skin symptoms.", "Miest 2013", (), ""),
        ("Patients with skin symptoms were more likely to have low DLCO.", "Miest 2013", (), ""),
        ("27% of 154 POEMS patients had pulmonary hypertension when they were diagnosed.",
         "Li 2013a", (), ""),
        ("Pulmonary hypertension improved after treatment in 88% of patients.", "Li 2013a",
         (), ""),
    ],
    "Imaging": [
        ("18-FDG-PET/CT misses very small and very sclerotic lesions.", "Humeniuk 2013", (4,),
         FDG_QUOTE),
        ("In one patient, 18-FDG-PET/CT did not find a lesion visible on standard radiographs "
         "and CT.", "Royer 2013", (2,), ""),
        ("Radiation of lesions still visible on PET after lenalidomide improved the neuropathy.",
         "Royer 2013", (4,), ""),
    ],
    "Diagnosis": [
        ("22 of 38 patients treated with radiation had first been diagnosed with CIDP.",
         "Humeniuk 2013", (), ""),
        ("EMGs differ between groups of POEMS and CIDP patients.", "Guo 2013", (), ""),
    ],
    "VEGF": [
        ("Seventeen POEMS patients all had elevated serum VEGF before lenalidomide.",
         "Royer 2013", (2,), ""),
        ("Nine POEMS patients all had elevated plasma VEGF before treatment.", "Keyzner 2013",
         (1,), ""),
    ],
    "Cytokines": [
        ("In a small group of patients having autos, IL-12 was not elevated.", "Keyzner 2013",
         (), ""),
        ("Lower IL-1RA after transplant predicted engraftment syndrome.", "Keyzner 2013",
         (2, 3), ""),
        ("IL-12 levels were high in a small group of POEMS patients.", "Kanai 2012", (), ""),
        ("VEGF, bFGF and HGF were all elevated in seventeen POEMS patients.", "Yamada 2013",
         (), ""),
    ],
    "Cytogenetics": [
        ("Thirteen of twenty patients with POEMS had cytogenetic changes often found in "
         "multiple myeloma.", "Kang 2013", (), ""),
    ],
}  # fmt: skip

# The citation each bullet must end in, topic by topic.
EXPECTED_CITATIONS = {
    "Reviews": ["(Li 2013)"],
    "Treatment": [
        "(Humeniuk 2013)",
        "(Humeniuk 2013)",
        "(Royer 2013; Zagouri 2014)",
        "(Yamada 2013)",
        "(Sekiguchi 2013)",
    ],
    "Symptoms": ["(Miest 2013)", "(Miest 2013)", "(Li 2013a)", "(Li 2013a)"],
    "Imaging": ["(Humeniuk 2013 p.72)", "(Royer 2013 p.209)", "(Royer 2013 p.211)"],
    "Diagnosis": ["(Humeniuk 2013)", "(Guo 2013)"],
    "VEGF": ["(Royer 2013 p.209)", "(Keyzner 2013 p.1396)"],
    "Cytokines": ["(Keyzner 2013)", "(Keyzner 2013 pp.1397–1398)", "(Kanai 2012)", "(Yamada 2013)"],
    "Cytogenetics": ["(Kang 2013)"],
}
TOPIC_ORDER = list(FINDINGS)
TITLE = "2013 articles about POEMS syndrome"
DATE = "24 January 2014"
INTRODUCTION = (
    "Here are some things that jumped out at me when I looked at articles from 2013.\n\n"
    "Full references are at the end of this page."
)


def parse_authors(text: str) -> list[Author]:
    """'Humeniuk MS, Gertz MA' -> [Author('Humeniuk', 'M S'), …]."""
    authors = []
    for name in text.split(", "):
        family, initials = name.rsplit(" ", 1)
        authors.append(Author(family, " ".join(initials)))
    return authors


@dataclass
class Mirror:
    library: Library
    keys: dict[str, int]  # citation key -> article id
    findings: dict[str, list[str]]  # topic -> finding uuids in order


def _spec(key: str, record: ArticleRecord, pdf_pages: int) -> ArticleSpec:
    first = int(record.first_page()) if record.first_page().isdigit() else 1
    pages = [[f"{key} page {i + 1}. " + LOREM, LOREM] for i in range(pdf_pages)]
    labels = None
    if key == "Humeniuk 2013":
        pages[4] = [f"Imaging. {FDG_QUOTE} " + LOREM, LOREM]
        labels = [{"startpage": 0, "prefix": "", "style": "D", "firstpagenum": first}]
    return ArticleSpec(
        title=record.title,
        authors=", ".join(f"{a.given} {a.family}" for a in record.authors[:3]),
        journal=record.journal,
        first_page=first,
        page_count=pdf_pages,
        pages=pages,
        page_labels=labels,
        doi="",
    )


def _add_articles(library: Library, folder: Path) -> dict[str, int]:
    keys = {}
    for n, (key, authors, title, journal, volume, published, pages, year, pdf_pages) in enumerate(
        ARTICLES
    ):
        record = ArticleRecord(
            title=title,
            authors=parse_authors(authors),
            year=year,
            journal=journal,
            volume=volume,
            published=published,
            pages=pages,
        )
        pdf = make_article(folder / f"article{n}.pdf", _spec(key, record, pdf_pages))
        result = library.articles.add_pdf(inspect_pdf(pdf), record)
        assert result.key == key, (result.key, key)
        keys[key] = result.article_id
    # The printed labels a page-number detector records (Keyzner: 1395–1398).
    with library.db.transaction() as session:
        document = session.scalar(
            select(Document).where(Document.article_id == keys["Keyzner 2013"])
        )
        assert document is not None
        document.printed_labels = ["1395", "1396", "1397", "1398"]
    return keys


def add_finding(
    library: Library,
    article_id: int,
    statement: str,
    topics: list[str],
    pages: tuple[int, ...] = (),
    quote: str = "",
    **fields: object,
) -> str:
    """A finding as rows: anchors on `pages`, filed last under each of `topics`."""
    with library.db.transaction() as session:
        document = session.scalar(select(Document).where(Document.article_id == article_id))
        finding = Finding(article_id=article_id, statement=statement, quote=quote, **fields)
        finding.anchors = [
            FindingAnchor(
                seq=i,
                page_index=page,
                quote=quote or statement,
                document_sha256=document.sha256 if document else "",
            )
            for i, page in enumerate(pages)
        ]
        session.add(finding)
        session.flush()
        for rank, name in enumerate(topics):
            topic = session.scalar(select(Topic).where(Topic.name == name))
            assert topic is not None, name
            count = session.query(FindingTopic).filter_by(topic_id=topic.id).count()
            session.add(
                FindingTopic(finding_id=finding.id, topic_id=topic.id, rank=rank, position=count)
            )
        return finding.uuid


def build_mirror(library: Library, folder: Path) -> Mirror:
    folder.mkdir(parents=True, exist_ok=True)
    keys = _add_articles(library, folder)
    findings: dict[str, list[str]] = {}
    for topic, rows in FINDINGS.items():
        for statement, key, pages, quote in rows:
            uuid = add_finding(library, keys[key], statement, [topic], pages, quote)
            findings.setdefault(topic, []).append(uuid)
    library.digest.set_text("title", TITLE)
    library.digest.set_text("date", DATE)
    library.digest.set_text("introduction", INTRODUCTION)
    return Mirror(library, keys, findings)
