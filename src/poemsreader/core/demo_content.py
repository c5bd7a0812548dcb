"""The demo library's content: six short invented articles about POEMS syndrome.

The text is written for the demo (plausible, consistent with the example digest,
not copied from the real articles). Each article lists the paragraphs of each
printed page; `pdf/demo_articles.py` lays them out as a two-column journal PDF
and `services/demo.py` files the findings, whose quotes appear word for word on
the printed page they name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from poemsreader.core.model import Author, FindingStatus


@dataclass(frozen=True)
class DemoFinding:
    statement: str
    topics: tuple[str, ...]
    quote: str  # appears verbatim on `page`; "" for a finding about the whole article
    page: int  # printed page number
    status: FindingStatus = FindingStatus.NEW
    comment: str = ""


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    authors: tuple[Author, ...]
    journal: str
    volume: str
    issue: str
    year: int
    published: str
    first_page: int
    last_page: int
    doi: str
    pages: dict[int, tuple[str, ...]]  # printed page -> paragraphs
    findings: tuple[DemoFinding, ...] = field(default=())
    reading_status: str = "read"

    @property
    def page_range(self) -> str:
        return f"{self.first_page}-{self.last_page}"

    def page_paragraphs(self, printed: int) -> tuple[str, ...]:
        """The page's own paragraphs, topped up with discussion text to fill it."""
        own = self.pages.get(printed, ())
        index = printed - self.first_page
        filler = tuple(
            FILLER[(index * 3 + i) % len(FILLER)]
            for i in range(max(0, PARAGRAPHS_PER_PAGE - len(own)))
        )
        return own + filler


def _authors(*names: str) -> tuple[Author, ...]:
    """'Humeniuk MS' -> Author('Humeniuk', 'M S')."""
    result = []
    for name in names:
        family, _, initials = name.rpartition(" ")
        result.append(Author(family, " ".join(initials)))
    return tuple(result)


PARAGRAPHS_PER_PAGE = 12

# General discussion sentences that fill out pages beyond each article's key passages.
FILLER = (
    "POEMS syndrome is a paraneoplastic disorder driven by a small clone of plasma cells. "
    "Its name gathers the features that brought the first patients to attention: "
    "polyneuropathy, organomegaly, endocrinopathy, the monoclonal protein and skin changes.",
    "The diagnosis rests on two mandatory criteria, a polyradiculoneuropathy and a "
    "monoclonal plasma cell disorder, together with at least one major and one minor "
    "criterion. Sclerotic bone lesions and elevated VEGF are the most useful of these.",
    "Because the neuropathy dominates the early course, many patients are first seen by "
    "neurologists, and the plasma cell disorder may go unnoticed for months while the "
    "weakness progresses despite treatment for an inflammatory neuropathy.",
    "Serum and plasma VEGF measurements differ because platelets release VEGF during "
    "clotting; values from the two sample types should not be compared with each other, "
    "and each laboratory needs its own reference range.",
    "Treatment is directed at the plasma cell clone. Local disease is treated with "
    "radiation, whereas disseminated disease calls for systemic therapy, most often "
    "with high-dose chemotherapy and autologous stem cell transplantation.",
    "Response is judged on several levels at once: the haematological response of the "
    "monoclonal protein, the fall in VEGF, the radiological evolution of bone lesions "
    "and, above all, the slow clinical improvement of the neuropathy.",
    "Neurological recovery lags behind the biological response by months. Patients and "
    "physicians should be told to expect improvement to continue for two to three years "
    "after successful treatment.",
    "The rarity of the disease limits every study to a few dozen patients, usually "
    "collected over many years in referral centres. Selection bias and changes in "
    "practice over the study period are therefore unavoidable.",
    "Retrospective designs cannot separate the effect of one treatment from that of the "
    "supportive care given at the same time, and they depend on how completely the "
    "records describe the neurological examination.",
    "Prospective, multicentre registries would answer several of these questions, and "
    "the international collaboration of recent years makes such registries feasible.",
    "Extravascular volume overload, with oedema, pleural effusion or ascites, is common "
    "at diagnosis and is one of the features most clearly linked to high VEGF levels.",
    "Endocrine abnormalities are found in most patients when they are sought: "
    "hypogonadism, thyroid dysfunction, adrenal insufficiency and glucose intolerance "
    "are the most frequent.",
    "Skin changes are often the first sign that something other than an inflammatory "
    "neuropathy is at work: hyperpigmentation, haemangiomas, acrocyanosis, whitening of "
    "the nails and thickening of the skin are each reported in a large share of patients.",
    "Bone marrow biopsy may show only a small lambda-restricted population, and the "
    "monoclonal protein is usually modest; immunofixation is needed where protein "
    "electrophoresis alone would miss it.",
    "Thrombotic events, arterial as well as venous, occur more often than expected and "
    "should be considered when anticoagulation is weighed against the risk of bleeding.",
    "Supportive care matters as much as treatment of the clone: physiotherapy, orthoses "
    "and the treatment of fluid overload shape the functional result that patients notice.",
)

HUMENIUK = DemoArticle(
    slug="humeniuk-2013",
    title="Outcomes of patients with POEMS syndrome treated initially with radiation",
    authors=_authors("Humeniuk MS", "Gertz MA", "Lacy MQ", "Kyle RA", "Dispenzieri A"),
    journal="Blood",
    volume="122",
    issue="1",
    year=2013,
    published="2013-07-04",
    first_page=68,
    last_page=73,
    doi="10.5555/demo.humeniuk.2013",
    pages={
        68: (
            "Abstract. We reviewed 146 patients with POEMS syndrome seen at one centre and "
            "identified 38 who received radiation therapy as their first treatment. All had "
            "three or fewer bone lesions and no clonal plasma cells in the bone marrow.",
            "Radiation therapy is a good option for patients with three or fewer bone "
            "lesions and a negative bone marrow. Four years after radiation, 52% of the "
            "patients were free of progression and 97% were alive.",
        ),
        69: (
            "Patients. Of the 38 patients treated with radiation, 22 had first been "
            "diagnosed with chronic inflammatory demyelinating polyneuropathy and treated "
            "for it before the diagnosis of POEMS syndrome was made.",
            "Methods. Progression-free and overall survival were estimated with the "
            "Kaplan-Meier method. The median follow-up of the surviving patients was 43 "
            "months.",
        ),
        70: (
            "Results. Two factors predicted failure of radiation therapy: a diffusing "
            "capacity for carbon monoxide below 75% of predicted and a total urine protein "
            "of 0.093 g or more in 24 hours.",
            "The number of lesions treated, one, two or three, did not predict failure.",
        ),
        71: (
            "Most patients who needed further therapy received it because the neuropathy "
            "worsened or failed to improve. Prior radiation did not compromise their later "
            "stem cell collection or transplantation.",
        ),
        72: (
            "Imaging. Fluorodeoxyglucose PET combined with CT is increasingly used to stage "
            "the disease, but it misses very small and very sclerotic lesions. The most "
            "densely sclerotic bone lesions in POEMS syndrome do not take up FDG, making "
            "that test unreliable in differentiating between a benign lesion and a lesion "
            "due to underlying plasma cells.",
            "For this reason we still recommend a CT-based skeletal survey before radiation "
            "fields are planned.",
        ),
        73: (
            "Conclusion. Radiation remains the treatment of choice for patients with limited "
            "bone disease and a normal marrow; failure can be anticipated from pulmonary "
            "function and proteinuria at diagnosis.",
        ),
    },
    findings=(
        DemoFinding(
            "Radiation therapy is a good option for someone with POEMS who has three or "
            "fewer bone lesions and a negative bone marrow; about half of those treated "
            "had no progression after four years, and four-year survival was 97%.",
            ("Treatment",),
            "Four years after radiation, 52% of the patients were free of progression and "
            "97% were alive.",
            68,
            FindingStatus.REINFORCES,
        ),
        DemoFinding(
            "Two factors predicted failure of radiation therapy: decreased DLCO (below 75% "
            "of predicted) and increased total urine protein.",
            ("Treatment",),
            "Two factors predicted failure of radiation therapy: a diffusing capacity for "
            "carbon monoxide below 75% of predicted and a total urine protein of 0.093 g or "
            "more in 24 hours.",
            70,
        ),
        DemoFinding(
            "FDG-PET/CT misses very small and very sclerotic lesions, so it cannot tell a "
            "benign lesion from one due to plasma cells.",
            ("Imaging",),
            "The most densely sclerotic bone lesions in POEMS syndrome do not take up FDG, "
            "making that test unreliable in differentiating between a benign lesion and a "
            "lesion due to underlying plasma cells.",
            72,
            FindingStatus.NEW,
            "Not seen before; the article cites nothing on this point.",
        ),
        DemoFinding(
            "22 of 38 patients treated with radiation had first been misdiagnosed with, and "
            "treated for, CIDP.",
            ("Diagnosis",),
            "Of the 38 patients treated with radiation, 22 had first been diagnosed with "
            "chronic inflammatory demyelinating polyneuropathy",
            69,
            FindingStatus.REINFORCES,
        ),
    ),
)

ROYER = DemoArticle(
    slug="royer-2013",
    title="Efficacy of lenalidomide in POEMS syndrome: a retrospective study of 20 patients",
    authors=_authors("Royer B", "Merlusca L", "Abraham J", "Jaccard A"),
    journal="American journal of hematology",
    volume="88",
    issue="3",
    year=2013,
    published="2013-03",
    first_page=207,
    last_page=212,
    doi="10.5555/demo.royer.2013",
    pages={
        207: (
            "Abstract. Twenty patients with POEMS syndrome received lenalidomide with "
            "dexamethasone, eight of them after relapse following autologous "
            "transplantation and four as first treatment.",
        ),
        208: (
            "Results. Nineteen of the twenty patients responded. The neuropathy improved in "
            "sixteen patients and stabilised in the other four.",
            "After a median follow-up of 22 months, four patients relapsed; three of them "
            "improved again with other treatment.",
        ),
        209: (
            "All seventeen patients tested had elevated serum VEGF before lenalidomide, "
            "ranging from 1,196 to 10,100 pg/ml with a median of 2,400 pg/ml.",
            "In one patient a lesion visible on standard radiographs and CT was not "
            "detected by FDG-PET/CT.",
        ),
        211: (
            "FDG-PET/CT was used to follow the response. Two patients whose lesions remained "
            "visible after lenalidomide received radiation to those sites, and their "
            "neuropathy improved further.",
        ),
    },
    findings=(
        DemoFinding(
            "Lenalidomide is very effective in POEMS, helping nineteen of twenty patients; "
            "neuropathy improved in sixteen and stabilised in four.",
            ("Treatment",),
            "Nineteen of the twenty patients responded. The neuropathy improved in sixteen "
            "patients and stabilised in the other four.",
            208,
        ),
        DemoFinding(
            "In one patient FDG-PET/CT did not find a lesion that was visible on standard "
            "radiographs and CT.",
            ("Imaging",),
            "In one patient a lesion visible on standard radiographs and CT was not "
            "detected by FDG-PET/CT.",
            209,
        ),
        DemoFinding(
            "FDG-PET/CT was used to monitor lenalidomide; radiation to lesions still "
            "visible afterwards improved the neuropathy.",
            ("Imaging", "Treatment"),
            "Two patients whose lesions remained visible after lenalidomide received "
            "radiation to those sites, and their neuropathy improved further.",
            211,
            FindingStatus.OPEN_QUESTION,
            "Were those lesions also visible on CT?",
        ),
        DemoFinding(
            "Seventeen patients all had elevated serum VEGF before lenalidomide (median "
            "2,400 pg/ml).",
            ("VEGF",),
            "All seventeen patients tested had elevated serum VEGF before lenalidomide",
            209,
            FindingStatus.REINFORCES,
        ),
    ),
)

LI_PH = DemoArticle(
    slug="li-2013",
    title="Pulmonary hypertension in POEMS syndrome",
    authors=_authors("Li J", "Tian Z", "Zheng HY", "Zhou DB"),
    journal="Haematologica",
    volume="98",
    issue="3",
    year=2013,
    published="2013-03",
    first_page=393,
    last_page=398,
    doi="10.5555/demo.li.2013",
    pages={
        393: (
            "Abstract. We screened 154 consecutive patients with POEMS syndrome by "
            "echocardiography at diagnosis.",
        ),
        394: (
            "Pulmonary hypertension, defined as a systolic pulmonary artery pressure above "
            "40 mmHg on echocardiography, was present in 27% of the 154 patients at "
            "diagnosis.",
        ),
        396: (
            "After treatment directed at the plasma cell clone, pulmonary hypertension "
            "improved in 88% of the patients, but only in half of those who received "
            "corticosteroids alone.",
        ),
    },
    findings=(
        DemoFinding(
            "27% of 154 POEMS patients had pulmonary hypertension at diagnosis (measured by "
            "echocardiography, not catheterisation).",
            ("Symptoms",),
            "was present in 27% of the 154 patients at diagnosis.",
            394,
        ),
        DemoFinding(
            "Pulmonary hypertension improved after treatment in 88% of patients, but only in "
            "half of those treated with steroids alone.",
            ("Symptoms", "Treatment"),
            "pulmonary hypertension improved in 88% of the patients, but only in half of "
            "those who received corticosteroids alone.",
            396,
        ),
    ),
)

KEYZNER = DemoArticle(
    slug="keyzner-2013",
    title="Low levels of interleukin-1 receptor antagonist predict engraftment syndrome "
    "after autologous stem cell transplantation in POEMS syndrome",
    authors=_authors("Keyzner A", "D'Souza A", "Lacy M", "Dispenzieri A"),
    journal="Biology of blood and marrow transplantation",
    volume="19",
    issue="9",
    year=2013,
    published="2013-09",
    first_page=1395,
    last_page=1398,
    doi="10.5555/demo.keyzner.2013",
    pages={
        1396: (
            "Before mobilisation all nine POEMS patients had elevated plasma VEGF, from 146 "
            "to 1,036 pg/mL (median 468; reference range 31 to 86 pg/mL).",
            "Just before transplant, however, VEGF in the POEMS patients no longer differed "
            "much from that in patients with myeloma or amyloidosis.",
        ),
        1397: (
            "Patients with lower levels of IL-1 receptor antagonist after the transplant "
            "were more likely to develop engraftment syndrome.",
        ),
    },
    findings=(
        DemoFinding(
            "Nine POEMS patients all had elevated plasma VEGF before treatment (median 468 "
            "pg/mL); by the time of transplant it was close to that of other patients.",
            ("VEGF",),
            "Before mobilisation all nine POEMS patients had elevated plasma VEGF, from 146 "
            "to 1,036 pg/mL (median 468; reference range 31 to 86 pg/mL).",
            1396,
        ),
        DemoFinding(
            "Lower IL-1RA after transplant predicted engraftment syndrome.",
            ("Cytokines",),
            "Patients with lower levels of IL-1 receptor antagonist after the transplant "
            "were more likely to develop engraftment syndrome.",
            1397,
        ),
    ),
)

YAMADA = DemoArticle(
    slug="yamada-2013",
    title="Multiple angiogenetic factors are upregulated in POEMS syndrome",
    authors=_authors("Yamada Y", "Sawai S", "Misawa S", "Kuwabara S"),
    journal="Annals of hematology",
    volume="92",
    issue="2",
    year=2013,
    published="2013-01",
    first_page=245,
    last_page=248,
    doi="10.5555/demo.yamada.2013",
    pages={
        246: (
            "In seventeen patients, VEGF, basic fibroblast growth factor and hepatocyte "
            "growth factor were all elevated. HGF correlated with VEGF, whereas bFGF did not.",
        ),
    },
    findings=(
        DemoFinding(
            "Three angiogenic factors were all elevated in seventeen POEMS patients: VEGF, "
            "bFGF and HGF; HGF correlated with VEGF, bFGF did not.",
            ("Cytokines", "VEGF"),
            "In seventeen patients, VEGF, basic fibroblast growth factor and hepatocyte "
            "growth factor were all elevated.",
            246,
        ),
    ),
    reading_status="reading",
)

KANG = DemoArticle(
    slug="kang-2013",
    title="14q32 translocations and 13q14 deletions are common cytogenetic abnormalities "
    "in POEMS syndrome",
    authors=_authors("Kang WY", "Shen KN", "Duan MH", "Li J"),
    journal="European journal of haematology",
    volume="91",
    issue="6",
    year=2013,
    published="2013-12",
    first_page=490,
    last_page=496,
    doi="10.5555/demo.kang.2013",
    pages={
        492: (
            "Thirteen of the twenty patients carried at least one abnormality typical of "
            "myeloma: a 14q32 translocation, a 13q14 deletion or a 1q21 gain.",
        ),
    },
    findings=(),
    reading_status="to read",
)

DEMO_ARTICLES: tuple[DemoArticle, ...] = (HUMENIUK, ROYER, LI_PH, KEYZNER, YAMADA, KANG)

DEMO_REVIEWER = "Demo reviewer"
