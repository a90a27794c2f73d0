"""The secretariat's search across the federation: any association, diacritics and case ignored."""

import datetime

from django.urls import reverse

from tests.conftest import make_person
from tests.test_pages import add_associations, add_members, in_order, queries_for, section, text_of


def test_a_name_typed_without_diacritics_finds_the_person_and_their_associations(client, secretariat, people):
    client.force_login(secretariat)
    results = section(client.get(reverse("members:search"), {"q": "NGUYEN kieu hung"}), "Kết quả cho")
    assert "1 người" in results
    assert "Nguyễn Kiều Hưng 02/05/1970" in results
    assert "Hội KH&KT xã Sơn Hồng Hội Nông nghiệp huyện" in results


def test_d_with_a_stroke_folds_to_d(client, secretariat, people):
    client.force_login(secretariat)
    assert "Đặng Văn Đức" in text_of(client.get(reverse("members:search"), {"q": "dang duc"}))


def test_someone_who_left_every_association_is_still_found(client, secretariat, people):
    client.force_login(secretariat)
    results = section(client.get(reverse("members:search"), {"q": "phan an"}), "Kết quả cho")
    assert "Phan Văn An" in results
    assert "Không còn sinh hoạt ở hội nào" in results


def test_nothing_found_is_explained(client, secretariat, people):
    client.force_login(secretariat)
    page = text_of(client.get(reverse("members:search"), {"q": "khong co ai"}))
    assert "Không tìm thấy ai với “khong co ai”." in page


def test_an_empty_box_lists_nobody(client, secretariat, people):
    client.force_login(secretariat)
    page = text_of(client.get(reverse("members:search")))
    assert "Kết quả cho" not in page
    assert "Nguyễn Kiều Hưng" not in page


def test_the_dashboard_has_the_search_box(client, secretariat, people):
    client.force_login(secretariat)
    html = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("members:search")}"' in html


def test_search_runs_the_same_queries_however_many_people_match(
    client, secretariat, people, son_hong, federation, django_assert_num_queries
):
    client.force_login(secretariat)
    url = reverse("members:search") + "?q=tran"
    add_members(son_hong, 1)
    small = queries_for(client, url)
    # Fifteen more people named Trần, in five more associations.
    add_associations(federation, 5)
    assert "16 người" in text_of(client.get(url))
    assert queries_for(client, url) == small
    # Session and user (2), count and page of people (2), their current memberships with associations (1),
    # federation (1).
    with django_assert_num_queries(6):
        client.get(url)


def test_the_closest_names_come_first(client, secretariat, people):
    """Each word may match inside a longer one ("an" is in "van"): the whole name, then the given name, lead."""
    make_person("Hồ Sĩ Văn", birth_date=datetime.date(1980, 1, 1))
    make_person("Văn Thị An", gender="F")
    client.force_login(secretariat)
    results = section(client.get(reverse("members:search"), {"q": "van"}), "Kết quả cho")
    # Hồ Sĩ Văn is called Văn; the others have it as a middle or family name, in roster order.
    assert in_order(results, "Hồ Sĩ Văn", "Phan Văn An", "Văn Thị An", "Đặng Văn Đức")
