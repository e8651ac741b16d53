"""The engagement landing page: the three parts of communications and engagement (PID s4.2)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def index(request):
    return render(request, "engagement/index.html")
