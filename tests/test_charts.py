"""The charts: each picture carries the numbers of the table beside it, which are the figures of the records,
and it reads without colour, without style attributes, with a title a screen reader announces."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from members import charts, figures, member_counts, selectors, services
from members.models import AcademicTitle, Association, Block, Degree
from tests.conftest import make_person

SVG = "{http://www.w3.org/2000/svg}"
DAY = datetime.date(2021, 8, 1)


def parse(chart):
    return ET.fromstring(str(chart.svg()))


def number(text):
    return int(text.replace(".", ""))


def svg_numbers(chart):
    """{series index: [numbers drawn, top to bottom]}"""
    drawn = {}
    for text in parse(chart).iter(f"{SVG}text"):
        if text.get("class") == "chart-value":
            drawn.setdefault(int(text.get("data-series")), []).append(number(text.text))
    return drawn


def table_numbers(chart):
    """{series index: [numbers in the table's body, top to bottom]}, without the total row."""
    table = ET.fromstring(str(chart.table()))
    rows = [row for row in table.find("tbody") if row.get("class") != "chart-total"]
    return {
        index: [number(row.findall("td")[index].text) for row in rows] for index in range(len(chart.series))
    }


def assert_agree(chart, expected_rows):
    """The SVG, the table and the figures (label -> [value per series]) say the same."""
    assert [row.label for row in chart.rows] == list(expected_rows)
    expected = {i: [values[i] for values in expected_rows.values()] for i in range(len(chart.series))}
    assert svg_numbers(chart) == expected
    assert table_numbers(chart) == expected


@pytest.fixture
def qualified(people):
    hung = people["hung"]
    hung.academic_title, hung.degree = AcademicTitle.ASSOCIATE_PROFESSOR, Degree.DOCTOR
    hung.save()
    yen = people["yen"]
    yen.degree = Degree.MASTER
    yen.save()
    return people


@pytest.fixture
def every_chart(federation, term_iv, qualified, son_hong):
    return charts.dashboard_charts(federation, term_iv, DAY) + charts.association_charts(
        son_hong, term_iv, DAY
    )


def test_members_over_the_term_are_the_ledgers_count_at_each_year_end_and_today(federation, term_iv, people):
    chart = charts.members_over_term(federation, term_iv, DAY)
    days = [datetime.date(2018, 12, 31), datetime.date(2019, 12, 31), datetime.date(2020, 12, 31), DAY]
    expected = {}
    for day in days:
        members, by_block = member_counts.counts_on(federation, day)
        assert (members, by_block) == member_counts.count_directly(
            day, member_counts.active_blocks(federation, day)
        )
        expected[day.strftime("%d/%m/%Y")] = [members, by_block[Block.AGENCIES], by_block[Block.COMMUNES]]
    # An left Phố Châu on 30/06/2020: four people from then on, Hưng counted in both blocks.
    assert expected["31/12/2019"] == [5, 1, 5]
    assert expected["31/12/2020"] == [4, 1, 4]
    assert_agree(chart, expected)


def test_an_associations_members_over_the_term_are_those_the_association_list_counts(
    term_iv, people, son_hong
):
    chart = charts.association_members_over_term(son_hong, term_iv, DAY)
    expected = {}
    for day in figures.term_days(term_iv, DAY):
        listed = selectors.with_member_count(Association.objects.filter(pk=son_hong.pk), day).get()
        expected[day.strftime("%d/%m/%Y")] = [listed.member_count]
    assert expected["01/08/2021"] == [3]
    assert_agree(chart, expected)


def test_joiners_and_leavers_are_the_memberships_begun_and_ended_each_year(
    term_iv, people, pho_chau, agriculture
):
    services.admit_member(people["duc"], agriculture, actor=None, joined_on=datetime.date(2019, 4, 1))
    chart = charts.joiners_and_leavers(term_iv, DAY)
    assert_agree(chart, {"2018": [0, 0], "2019": [1, 0], "2020": [0, 1], "2021": [0, 0]})
    assert chart.table_rows()[-1] == ["Cộng", "1", "1"]
    only_pho_chau = charts.joiners_and_leavers(term_iv, DAY, pho_chau)
    assert_agree(only_pho_chau, {"2018": [0, 0], "2019": [0, 0], "2020": [0, 1], "2021": [0, 0]})


def test_age_groups_go_by_the_year_of_birth_alone(people, son_hong):
    # 31/12/1991 is 29 on 01/08/2021 but 30 in the year: with a birth year alone it could not be placed
    # otherwise, so every birth date is placed that way.
    late = make_person("Hồ Văn Cuối", birth_date=datetime.date(1991, 12, 31))
    unknown = make_person("Trần Thị Chưa", gender="F")
    for person in (late, unknown):
        services.admit_member(person, son_hong, actor=None, joined_on=datetime.date(2016, 1, 1))
    chart = charts.ages_and_gender(figures.composition_on(DAY))
    assert_agree(
        chart,
        {
            "Dưới 30": [0, 0],
            "30–39": [2, 1],  # Đức 1985, Cuối 1991; Ánh 1990
            "40–49": [0, 1],  # Yến 1978
            "50–59": [1, 0],  # Hưng 1970
            "60–69": [0, 0],  # An, born 1960, left in 2020
            "Từ 70 trở lên": [0, 0],
            "Chưa rõ năm sinh": [0, 1],
        },
    )
    assert chart.table_rows()[-1] == ["Tổng cộng", "3", "3"]


def test_titles_and_degrees_are_counted_apart(qualified):
    chart = charts.qualifications(figures.composition_on(DAY))
    assert_agree(chart, {"GS": [0], "PGS": [1], "TS": [1], "ThS": [1], "ĐH": [0]})


def test_associations_by_size_follow_the_association_lists_counts(federation, people):
    chart = charts.associations_by_size(DAY, federation)
    assert_agree(
        chart,
        {"Dưới 50": [1, 2], "50–99": [0, 0], "100–199": [0, 0], "200–499": [0, 0], "Từ 500 trở lên": [0, 0]},
    )


def test_numbers_group_thousands_with_dots_in_the_picture_and_the_table():
    chart = charts.Chart.of("Hội viên", ["Hội viên"], [("2024", [12345])])
    assert svg_numbers(chart) == {0: [12345]}
    assert "12.345" in str(chart.svg())
    assert "12.345" in str(chart.table())


def test_every_chart_reads_in_black_and_white(every_chart):
    for chart in every_chart:
        svg = parse(chart)
        patterns = [p.get("id") for p in svg.iter(f"{SVG}pattern")]
        # The first series is solid black, each other one has its own pattern of black on white.
        assert len(set(patterns)) == len(chart.series) - 1
        bars = [rect for rect in svg.iter(f"{SVG}rect") if "chart-bar" in rect.get("class", "")]
        assert {rect.get("fill") for rect in bars} == {"#000", *(f"url(#{pattern})" for pattern in patterns)}
        drawn = ET.tostring(svg, encoding="unicode")
        assert not {colour for colour in ("#1f3a5f", "red", "blue", "green") if colour in drawn}


def test_every_chart_has_a_title_and_no_style_attribute(every_chart):
    for chart in every_chart:
        svg = parse(chart)
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        title = svg.find(f"{SVG}title")
        assert title.get("id") == title_id and title.text == chart.title
        assert svg.find(f"{SVG}desc").get("id") == desc_id
        assert not [element for element in svg.iter() if "style" in element.attrib]
        assert "style=" not in str(chart.table())
        assert ET.fromstring(str(chart.table())).find("caption").text == chart.title


def test_the_dashboard_and_an_association_show_their_charts(
    client, secretariat, federation, term_iv, people, son_hong
):
    client.force_login(secretariat)
    for url in (reverse("home"), reverse("members:association", args=[son_hong.pk])):
        page = client.get(url)
        assert page.status_code == 200
        shown = page.context["charts"]
        assert shown
        html = page.content.decode()
        for chart in shown:
            assert f'id="{chart.key}-table"' in html
        assert "css/charts.css" in html


def test_the_term_reports_chart_draws_the_ledgers_members_and_lists_them_in_the_pdf_and_the_docx(
    term_report, federation
):
    import io

    from docx import Document

    from reports.document import compose_report
    from reports.rendering import for_template, render_docx, render_html

    content = compose_report(term_report)
    (block,) = [b for b in content["blocks"] if b["type"] == "chart"]
    assert block["caption"] == "Hội viên trong nhiệm kỳ 2018–2023, theo khối"
    days = figures.term_days(term_report.term, term_report.dated)
    expected = {}
    for day in days:
        members, by_block = member_counts.counts_on(federation, day)
        expected[day.strftime("%d/%m/%Y")] = [members, by_block[Block.AGENCIES], by_block[Block.COMMUNES]]
    (drawn,) = [b["chart"] for b in for_template(content)["blocks"] if b["type"] == "chart"]
    assert_agree(drawn, expected)
    # The table printed under the drawing in the PDF, and the one in the DOCX, hold the same numbers.
    html = render_html(content)
    assert str(drawn.svg()) in html
    table = ET.fromstring(
        html[
            html.index(f'<table class="doc-table doc-table-summary doc-chart-numbers" id="{block["id"]}"') :
        ].split("</table>")[0]
        + "</table>"
    )
    printed = [[td.text for td in row.findall("td")] for row in table.find("tbody")]
    assert printed == block["rows"]
    # Written as the report writes counts (05 for five), in the drawing as in the table.
    assert [[int(n.replace(".", "")) for n in row[1:]] for row in printed] == list(expected.values())
    assert [row.texts for row in drawn.rows] == [row[1:] for row in block["rows"]]
    document = Document(io.BytesIO(render_docx(content)))
    assert any(
        [[cell.text for cell in row.cells] for row in word.rows][1:] == block["rows"]
        for word in document.tables
    )
