"""Input checks in the original backend's terms: FastAPI's 422 ``{"detail": [{type, loc, msg, input}]}``.

The original validated path ids and bodies with pydantic 2 in lax mode and listed every problem at once,
path first. The messages are pydantic's own English texts: clients may match on them, so they are part of
the contract, not interface text to translate.
"""

import json
import re

from rest_framework import exceptions, status

_INTEGER_TEXT = re.compile(r"^\s*[+-]?\d+\s*$")
_NOT_AN_INTEGER = "Input should be a valid integer"
_UNPARSABLE = "Input should be a valid integer, unable to parse string as an integer"
_TOO_LONG = "Unable to parse input string as an integer, exceeded maximum size"
_NOT_A_MAPPING = "Input should be a valid dictionary or object to extract fields from"
_MISSING = object()


class RequestValidationError(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "validation_error"

    def __init__(self, errors):
        # Set directly: APIException would turn every value (the offending inputs too) into text.
        self.detail = {"detail": errors}


def _error(kind, loc, msg, value, **ctx):
    error = {"type": kind, "loc": list(loc), "msg": msg, "input": value}
    if ctx:
        error["ctx"] = ctx
    return error


def _lax_int(value, loc):
    """pydantic's lax integer: ints, booleans, whole floats and integer strings. Returns (number, error)."""
    if isinstance(value, bool):
        return int(value), None
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        if value.is_integer():
            return int(value), None
        return None, _error(
            "int_from_float", loc, "Input should be a valid integer, got a number with a fractional part", value
        )
    if isinstance(value, str):
        return _int_from_text(value, loc)
    return None, _error("int_type", loc, _NOT_AN_INTEGER, value)


def _int_from_text(value, loc):
    """An integer string's number, or pydantic's error for it: Python refuses to parse more than 4,300 digits
    (``sys.get_int_max_str_digits()``), and pydantic answers ``int_parsing_size`` then. Returns (number, error)."""
    if not _INTEGER_TEXT.match(value):
        return None, _error("int_parsing", loc, _UNPARSABLE, value)
    try:
        return int(value), None
    except ValueError:
        return None, _error("int_parsing_size", loc, _TOO_LONG, value)


def _bounded(number, loc, value, *, gt=None, ge=None, le=None):
    if gt is not None and not number > gt:
        return _error("greater_than", loc, f"Input should be greater than {gt}", value, gt=gt)
    if ge is not None and not number >= ge:
        return _error("greater_than_equal", loc, f"Input should be greater than or equal to {ge}", value, ge=ge)
    if le is not None and not number <= le:
        return _error("less_than_equal", loc, f"Input should be less than or equal to {le}", value, le=le)
    return None


def path_ids(**raw_ids):
    """The path's integer ids by name, or a list of ``int_parsing`` errors. Returns (ids, errors)."""
    ids, errors = {}, []
    for name, raw in raw_ids.items():
        number, error = _int_from_text(raw, ("path", name))
        if error:
            errors.append(error)
        else:
            ids[name] = number
    return ids, errors


def _json_body(request):
    """The decoded body, ``_MISSING`` when there is none, or a list with the one error that stops decoding."""
    raw = request.body
    if not raw.strip():
        return _MISSING, []
    content_type = request.content_type or ""
    text = raw.decode("utf-8", errors="replace")
    if content_type and "json" not in content_type:
        return None, [_error("model_attributes_type", ("body",), _NOT_A_MAPPING, text)]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        return None, [_error("json_invalid", ("body", error.pos), "JSON decode error", {}, error=error.msg)]
    except ValueError as error:  # a number of more than 4,300 digits, which Python refuses to parse
        return None, [_error("json_invalid", ("body",), "JSON decode error", {}, error=str(error))]


def rating_body(request):
    """``{user_id: int > 0, rating: int 1..5}`` as the original's RatingRequest read it. Returns (data, errors)."""
    body, errors = _json_body(request)
    if errors:
        return None, errors
    if body is _MISSING:
        return None, [_error("missing", ("body",), "Field required", None)]
    if not isinstance(body, dict):
        return None, [_error("model_attributes_type", ("body",), _NOT_A_MAPPING, body)]
    data = {}
    for name, bounds in (("user_id", {"gt": 0}), ("rating", {"ge": 1, "le": 5})):
        loc = ("body", name)
        value = body.get(name, _MISSING)
        if value is _MISSING:
            errors.append(_error("missing", loc, "Field required", body))
            continue
        number, error = _lax_int(value, loc)
        error = error or _bounded(number, loc, value, **bounds)
        if error:
            errors.append(error)
        else:
            data[name] = number
    return data, errors


def check(*error_lists):
    """Raise one 422 listing every error, in the order given (path before body, as the original did)."""
    errors = [error for errors in error_lists for error in errors]
    if errors:
        raise RequestValidationError(errors)
