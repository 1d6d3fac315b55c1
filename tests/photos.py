"""Who is in which photos of ../shared/data/sample-album: what the tests expect to find."""

OBAMA = ["2019/Campaign/obama.jpg", "2019/Campaign/obama2.jpg", "2019/Campaign/obama3.jpg"]
BIDEN = ["2019/Campaign/biden.jpg", "2019/Campaign/biden2.jpg"]
KIT = [
    "2019/Summer trip/john1.jpeg",
    "2019/Summer trip/john2.jpeg",
    "2019/Summer trip/johnsnow_test1.jpg",
]
ROSE = ["2019/Summer trip/rose1.jpg", "2019/Summer trip/rose2.jpg"]
COUPLE_MAN = ["2022/Hiking/couple_2.jpg", "2022/Hiking/couple_4.jpg"]
