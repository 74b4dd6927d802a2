from django.conf import settings

# Django's technical 404 and 500 pages (shown only while DEBUG is on) all carry this tag.
TECHNICAL_PAGE_MARK = b'<meta name="robots" content="NONE,NOARCHIVE">'


def is_debug_technical_page(response):
    return (
        settings.DEBUG
        and response.status_code >= 400
        and response.get("Content-Type", "").startswith("text/html")
        and not getattr(response, "streaming", False)
        and TECHNICAL_PAGE_MARK in response.content[:2000]
    )


class ContentSecurityPolicyMiddleware:
    """Sends a Content-Security-Policy header: the one for the path's prefix in CSP_BY_PATH, else CSP_SITE.

    While DEBUG is on, Django's own technical error pages get CSP_DEBUG_TECHNICAL_PAGES, so their inline styles
    apply; nothing else is relaxed, and with DEBUG off those pages never exist.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        if is_debug_technical_page(response):
            response["Content-Security-Policy"] = settings.CSP_DEBUG_TECHNICAL_PAGES
            return response
        policy = next((p for prefix, p in settings.CSP_BY_PATH if request.path.startswith(prefix)), None)
        response["Content-Security-Policy"] = policy or settings.CSP_SITE
        return response
