from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sends a Content-Security-Policy header: the one for the path's prefix in CSP_BY_PATH, else CSP_SITE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            policy = next((p for prefix, p in settings.CSP_BY_PATH if request.path.startswith(prefix)), None)
            response["Content-Security-Policy"] = policy or settings.CSP_SITE
        return response
