"""Google Takeout's JSON beside each photo: the names Google Photos gave the people in it
(no boxes), and when it was taken. Found as Takeout names them (:mod:`.find`), read as it
writes them (:mod:`.read`)."""

from albumfaces.takeout.find import takeout_json
from albumfaces.takeout.read import TakeoutError, TakeoutInfo, read_takeout

__all__ = ["TakeoutError", "TakeoutInfo", "read_takeout", "takeout_json"]
